#!/usr/bin/env bash
# Test data that no Debian package carries: the Twemoji pictures the bundled emoji models were trained on
# (emoji-datasource-twitter 16.0.0 from the npm registry: package code MIT, Twemoji graphics CC-BY 4.0), for the
# suite's check of those models' coverage. Fetched once (61 MB, checked against its SHA-256) and unpacked, only what
# `--data emoji:FOLDER` reads, into FOLDER/package (the test build passes ~/.cache/zoomorph/twemoji, where the tests
# look). Usage: scripts/test-data.sh [FOLDER]
set -euo pipefail

dir="${1:-${HOME:?}/.cache/zoomorph/twemoji}"
url=https://registry.npmjs.org/emoji-datasource-twitter/-/emoji-datasource-twitter-16.0.0.tgz
sha256=f64a530c63bca463bd8317fdc4615ce63a53a0c65018e4ce2d848aaba7a28877

if [[ -f "$dir/package/categories.json" && -f "$dir/package/emoji.json" && -d "$dir/package/img/twitter/64" ]]; then
  exit 0
fi
command -v curl >/dev/null 2>&1 || { echo "zoomorph: curl is needed to fetch the Twemoji test data" >&2; exit 1; }
mkdir -p "$dir"
tmp="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "zoomorph: fetching the Twemoji test data ($url)" >&2
curl -fsSL --retry 3 -o "$tmp/package.tgz" "$url"
echo "$sha256  $tmp/package.tgz" | sha256sum -c --quiet - \
  || { echo "zoomorph: $url does not have the expected SHA-256" >&2; exit 1; }
tar xzf "$tmp/package.tgz" -C "$tmp" package/categories.json package/emoji.json package/img/twitter/64
rm -rf "$dir/package"
mv "$tmp/package" "$dir/package"
