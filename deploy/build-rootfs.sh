#!/usr/bin/env bash
# Builds into DIR every file the image's final stage copies (see
# deploy/Dockerfile): the static binary, the prebuilt index, CA
# certificates, time zone data, the non-root user and its /data directory.
# The Dockerfile's build stage runs this script, and deploy/image-test.sh
# runs it locally, so the image tested here is made of the same files.
# Usage: deploy/build-rootfs.sh DIR   (from the repository root; DIR must not exist)
set -euo pipefail
out=${1:?usage: deploy/build-rootfs.sh DIR}
uid=10001 # the image's user, peelbot; deploy/Dockerfile's USER says the same

if [ -e "$out" ]; then
  echo "build-rootfs: $out already exists" >&2
  exit 2
fi
mkdir -p "$out"

# A static binary, without paths of the build machine or debug tables.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/peelbot" ./cmd/peelbot

# The index, prebuilt so that a cold start opens it instead of indexing,
# with the parsed reports beside it. bleve writes it for its owner alone
# (0700, 0600); the image runs as another user, who must read it.
"$out/peelbot" index --out "$out/index"
chmod -R a+rX "$out/index"

# CA certificates, for HTTPS to Slack, the LLM endpoint and PostgreSQL.
cp /etc/ssl/certs/ca-certificates.crt "$out/ca-certificates.crt"

# Time zone data, for the digest's schedule in Europe/London: Go's own copy
# of the IANA database (read through ZONEINFO), present wherever Go is,
# unlike the system's tzdata package.
cp "$(go env GOROOT)/lib/time/zoneinfo.zip" "$out/zoneinfo.zip"

# The user the bot runs as, and the directory of its SQLite store, which a
# fly.io volume is mounted over.
printf 'peelbot:x:%d:%d:peelbot:/data:/sbin/nologin\n' "$uid" "$uid" >"$out/passwd"
printf 'peelbot:x:%d:\n' "$uid" >"$out/group"
mkdir -m 0750 "$out/data"
if [ "$(id -u)" = 0 ]; then
  chown "$uid:$uid" "$out/data"
fi
