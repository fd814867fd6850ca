# Sourced: make_share_page DIR assembles the bare page of tests/share/ with the built shim and
# wasm (dist/, pkg/) in DIR, for the reference server's --static (scripts/test-share.sh,
# scripts/bench-share.sh). Assumes scripts/build.sh ran.
make_share_page() {
  local dir=$1 built
  for built in dist/index.js pkg/wirestore_bg.wasm target/release/wirestore-server; do
    [ -e "$ROOT/$built" ] || { echo "$built is missing: run scripts/build.sh" >&2; return 1; }
  done
  rm -rf "$dir" && mkdir -p "$dir/pkg"
  cp "$ROOT/tests/share/index.html" "$ROOT/tests/share/page.js" "$dir/"
  cp -r "$ROOT/dist" "$dir/dist"
  cp "$ROOT/pkg/wirestore.js" "$ROOT/pkg/wirestore_bg.wasm" "$dir/pkg/"
}
