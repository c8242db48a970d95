module github.com/peelbot/peelbot

go 1.26
