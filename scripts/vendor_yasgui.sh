#!/usr/bin/env bash
# Vendor the built YASGUI bundle (the query page's editor and result table) from npm.
#
#   scripts/vendor_yasgui.sh [VERSION]    (default: the version in static/yasgui/VERSION)
#
# Fetches @zazuko/yasgui@VERSION with `npm pack` (the registry, nothing else), checks the
# tarball against the registry's integrity hash, copies build/yasgui.min.js and
# build/yasgui.min.css unchanged into graph/server/static/yasgui/ and rewrites VERSION and
# SHA256SUMS there. The tarball carries no LICENSE file: the committed LICENSE is the
# upstream repository's (github.com/rdfjs/Yasgui); check it is unchanged when updating.
# Then run the tests: tests/test_query_page.py checks the checksums and drives the page.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/graph/server/static/yasgui"
version="${1:-$(cat "$dest/VERSION")}"
package="@zazuko/yasgui@$version"
command -v npm >/dev/null || { echo "npm is needed to vendor $package" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
integrity="$(npm view "$package" dist.integrity)"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/zazuko-yasgui-*.tgz)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "the tarball of $package does not match the registry's integrity $integrity" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" "$dest/"
echo "$version" > "$dest/VERSION"
(cd "$dest" && sha256sum yasgui.min.js yasgui.min.css > SHA256SUMS)
echo "vendored $package into ${dest#"$here"/}:" >&2
cat "$dest/SHA256SUMS" >&2
