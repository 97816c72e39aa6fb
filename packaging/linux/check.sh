#!/usr/bin/env bash
# Checks the .deb that `make package` built as a user gets it, then removes it:
# what the package holds and declares, `dpkg -i` (apt-get -f for its Depends),
# both commands on the PATH, the MIME types, the desktop entry, the installed
# app under Xvfb through WebDriver as far as the demo drawn, and a second
# launch handing its file to the running app. `dpkg -r` at the end, also on a
# failure. Run by `make package-check` (root, or a user with sudo).
#
# Usage: packaging/linux/check.sh target/release/bundle/deb/Threatloom_<version>_<arch>.deb
set -euo pipefail

deb="$(realpath "$1")"
cd "$(dirname "$0")/../.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
start=$SECONDS

fail() {
  echo "package-check: FAIL: $*" >&2
  exit 1
}
ok() { echo "package-check: ok: $*"; }

## ---- what the package holds and declares ----------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = threatloom ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version $(field Version), the workspace's is $version"
field Maintainer | grep -Eq '^[^<]+ <[^>@]+@[^>]+>$' || fail "Maintainer '$(field Maintainer)' is not 'Name <address>'"
depends="$(field Depends)"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-dejavu-core fonts-droid-fallback; do
  grep -Eq "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
description="$(field Description)"
[ "$(wc -l <<<"$description")" -ge 5 ] && ! grep -q '(none)' <<<"$description" \
  || fail "no long description: $description"
ok "control: $(field Package) $(field Version), $(field Maintainer); Depends: $depends"

# Paths as dpkg-deb lists them, without a leading "./" (the bundler writes none).
contents="$(dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./||')"
for f in usr/bin/threatloom-app usr/bin/threatloom \
  usr/share/applications/Threatloom.desktop \
  usr/share/mime/packages/threatloom.xml \
  usr/share/icons/hicolor/128x128/apps/threatloom-app.png \
  usr/share/icons/hicolor/scalable/mimetypes/application-x-threatloom.svg \
  usr/share/icons/hicolor/128x128/mimetypes/application-x-threatloom.png; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks /$f"
done
desktop="$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/Threatloom.desktop')"
grep -qx 'Exec=threatloom-app %f' <<<"$desktop" || fail "desktop entry Exec: $(grep Exec= <<<"$desktop")"
grep -qx 'MimeType=application/x-threatloom;' <<<"$desktop" || fail "desktop entry MimeType: $(grep MimeType= <<<"$desktop" || echo none)"
if command -v desktop-file-validate >/dev/null; then
  tmp_desktop="$(mktemp --suffix=.desktop)"
  printf '%s\n' "$desktop" >"$tmp_desktop"
  desktop-file-validate "$tmp_desktop" || fail "desktop-file-validate"
  rm -f "$tmp_desktop"
fi
ok "files: both binaries in /usr/bin, desktop entry (Exec=threatloom-app %f, MimeType), MIME package, icons"

## ---- install ---------------------------------------------------------------
if dpkg-query -W -f='${Status}' threatloom 2>/dev/null | grep -q 'ok installed'; then
  echo "package-check: threatloom $(dpkg-query -W -f='${Version}' threatloom) is installed: it is replaced, and removed at the end"
fi
work="$(mktemp -d -t threatloom-package.XXXXXX)"
remove() {
  $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -r threatloom >/dev/null || true
  rm -rf "$work"
}
trap remove EXIT
# dpkg -i leaves the package unconfigured when a Depends is missing: apt-get -f
# then installs what it needs and finishes it.
if ! $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q --no-install-recommends
fi
dpkg-query -W -f='${Status}' threatloom | grep -q 'install ok installed' || fail "not installed after dpkg -i"
ok "installed with dpkg -i"

## ---- the command line ------------------------------------------------------
[ "$(command -v threatloom)" = /usr/bin/threatloom ] || fail "threatloom on the PATH is $(command -v threatloom || echo nothing)"
[ "$(threatloom --version)" = "threatloom $version" ] || fail "threatloom --version says '$(threatloom --version)'"
threatloom demo "$work/x.threatmodel" >/dev/null
# The PDF report embeds the fonts the package depends on.
threatloom report "$work/x.threatmodel" --pdf "$work/report.pdf" >/dev/null || fail "threatloom report --pdf"
[ -s "$work/report.pdf" ] || fail "no PDF written"
ok "threatloom --version = threatloom $version; the installed CLI writes the demo's PDF report"

## ---- the desktop: MIME types and the default application --------------------
type="$(xdg-mime query filetype "$work/x.threatmodel")"
[ "$type" = application/x-threatloom ] || fail "xdg-mime query filetype x.threatmodel = $type"
: >"$work/model.tm7"
tm7="$(xdg-mime query filetype "$work/model.tm7")"
[ "$tm7" = application/x-ms-threat-model ] || fail "xdg-mime query filetype model.tm7 = $tm7"
ok "xdg-mime: x.threatmodel is $type, model.tm7 is $tm7"
# The desktop database (desktop-file-utils' trigger) names the app for the type.
if command -v update-desktop-database >/dev/null; then
  default="$(xdg-mime query default application/x-threatloom)"
  [ "$default" = Threatloom.desktop ] || fail "xdg-mime query default application/x-threatloom = '$default'"
  ok "the default application for application/x-threatloom is $default"
fi

## ---- the installed app, through WebDriver ----------------------------------
(
  cd tests/e2e
  THREATLOOM_APP=/usr/bin/threatloom-app node --test --test-force-exit --test-concurrency=1 \
    --test-reporter=spec package/ test/single-instance.test.mjs
)

remove
trap - EXIT
dpkg-query -W -f='${Status}' threatloom 2>/dev/null | grep -q 'ok installed' && fail "still installed after dpkg -r"
[ ! -e /usr/bin/threatloom ] || fail "/usr/bin/threatloom is left after dpkg -r"
ok "removed with dpkg -r ($(( SECONDS - start )) s in all)"
