#!/usr/bin/env bash
# Builds the final stage of deploy/Dockerfile with podman, from files built
# here by deploy/build-rootfs.sh (the script the Dockerfile's build stage
# runs), and checks the image: under 40 MB, /peelbot as entrypoint with
# "serve", a non-root user, port 8080 exposed, PEEL_INDEX_DIR set, and the
# files in place with /data owned by that user.
#
# No container registry is reachable here, so the golang build stage cannot
# be pulled; the final stage, FROM scratch and made only of COPY steps, can
# be built. Its text is taken from deploy/Dockerfile itself: only the COPY
# sources are rewritten (--from=build /out/X → out/X in a local context).
#
# Needs podman (Debian: apt-get install podman). Exits 1 when a check
# fails, 2 when it cannot build.
set -euo pipefail
cd "$(dirname "$0")/.."

max_mb=40
tag=localhost/peelbot-image-test:latest
if ! command -v podman >/dev/null; then
  echo "image-test: needs podman (apt-get install podman)" >&2
  exit 2
fi
podman=(podman --storage-driver vfs)
ctx=$(mktemp -d)
cleanup() {
  "${podman[@]}" rm -f peelbot-image-test >/dev/null 2>&1 || true
  "${podman[@]}" rmi -f "$tag" >/dev/null 2>&1 || true
  rm -rf "$ctx"
}
trap cleanup EXIT

echo "== building the final stage's files (deploy/build-rootfs.sh)"
bash deploy/build-rootfs.sh "$ctx/out"

echo "== the final stage of deploy/Dockerfile, sources made local"
awk '/^FROM scratch/ {on=1} on' deploy/Dockerfile \
  | sed -E 's#^COPY --from=build (--chown=[^ ]+ )?/out/#COPY \1out/#' >"$ctx/Containerfile"
cat "$ctx/Containerfile" | grep -v '^#'
if ! grep -q '^FROM scratch' "$ctx/Containerfile"; then
  echo "image-test: deploy/Dockerfile has no FROM scratch stage" >&2; exit 2
fi
if grep -Eq '^FROM' <(tail -n +2 "$ctx/Containerfile"); then
  echo "image-test: the FROM scratch stage must be the last" >&2; exit 2
fi
if grep -Evq '^(#.*|\s*|FROM scratch|COPY (--chown=[0-9:]+ )?out/[^ ]+ /[^ ]*|USER .*|ENV .*|EXPOSE .*|ENTRYPOINT .*|CMD .*|LABEL .*)$' "$ctx/Containerfile"; then
  echo "image-test: the final stage must be only COPY steps from /out/ (and metadata); these lines are not:" >&2
  grep -Ev '^(#.*|\s*|FROM scratch|COPY (--chown=[0-9:]+ )?out/[^ ]+ /[^ ]*|USER .*|ENV .*|EXPOSE .*|ENTRYPOINT .*|CMD .*|LABEL .*)$' "$ctx/Containerfile" >&2
  exit 2
fi

echo "== podman build"
"${podman[@]}" build --pull=never --network=none -q -t "$tag" -f "$ctx/Containerfile" "$ctx" >/dev/null

failed=0
check() { # description, then a test command
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failed=1; fi
}
inspect() { "${podman[@]}" image inspect "$tag" --format "$1"; }

size=$(inspect '{{.Size}}')
user=$(inspect '{{.Config.User}}')
entrypoint=$(inspect '{{json .Config.Entrypoint}}')
cmd=$(inspect '{{json .Config.Cmd}}')
ports=$(inspect '{{json .Config.ExposedPorts}}')
env=$(inspect '{{json .Config.Env}}')
echo "size $size bytes; user $user; entrypoint $entrypoint; cmd $cmd; ports $ports; env $env"

check "image size $((size / 1024 / 1024)) MB < $max_mb MB" test "$size" -lt $((max_mb * 1024 * 1024))
check "entrypoint is /peelbot" test "$entrypoint" = '["/peelbot"]'
check "command is serve" test "$cmd" = '["serve"]'
check "user is not root" bash -c '[ -n "$1" ] && [ "${1%%:*}" != 0 ] && [ "${1%%:*}" != root ]' _ "$user"
check "port 8080 exposed" grep -q '"8080/tcp"' <<<"$ports"
check "PEEL_INDEX_DIR=/index" grep -q '"PEEL_INDEX_DIR=/index"' <<<"$env"
check "PEEL_DB_PATH on /data" grep -q '"PEEL_DB_PATH=/data/' <<<"$env"
check "PORT=8080" grep -q '"PORT=8080"' <<<"$env"

# The files, read from the image without running it.
"${podman[@]}" create --name peelbot-image-test "$tag" >/dev/null
"${podman[@]}" export peelbot-image-test >"$ctx/image.tar"
tar -tvf "$ctx/image.tar" --numeric-owner >"$ctx/listing"
uid=${user%%:*}
has() { grep -Eq "$1" "$ctx/listing"; }
check "/peelbot is an executable file" has '^-rwx.* peelbot$'
check "/index holds a bleve index" has ' index/index_meta\.json$'
check "/data is a directory owned by user $uid" has "^d[rwx-]{9} $uid/$uid .* data/?\$"
check "/etc/passwd names user $uid" bash -c "tar -xOf '$ctx/image.tar' etc/passwd | grep -q '^peelbot:x:$uid:'"
check "CA certificates" has ' etc/ssl/certs/ca-certificates\.crt$'
mkdir "$ctx/tzcheck"
cat >"$ctx/tzcheck/main.go" <<'GO'
// Reads Europe/London from the zoneinfo.zip given, as Go does with ZONEINFO.
package main

import (
	"archive/zip"
	"io"
	"log"
	"os"
	"time"
)

func main() {
	zr, err := zip.OpenReader(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	f, err := zr.Open("Europe/London")
	if err != nil {
		log.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := time.LoadLocationFromTZData("Europe/London", data); err != nil {
		log.Fatal(err)
	}
}
GO
tar -xOf "$ctx/image.tar" zoneinfo.zip >"$ctx/zoneinfo.zip"
check "zoneinfo.zip holds Europe/London" go run "$ctx/tzcheck/main.go" "$ctx/zoneinfo.zip"
check "nothing else in the image" bash -c "! awk '{print \$6}' '$ctx/listing' | grep -Ev '^(etc/?|etc/(passwd|group)|etc/ssl/?|etc/ssl/certs/?|etc/ssl/certs/ca-certificates\.crt|zoneinfo\.zip|data/?|index/?|index/.*|peelbot|dev/?|proc/?|sys/?|run/?|etc/(hosts|hostname|resolv\.conf)|run/.*)$'"

if [ "$failed" != 0 ]; then
  echo "image-test: FAILED"; exit 1
fi
echo "image-test: the final stage builds and passes every check"
