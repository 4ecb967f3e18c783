#!/bin/sh
# mkdeb.sh BUILD VERSION: gotrace_VERSION_ARCH.deb in BUILD from a staged
# `make install` (PREFIX=/usr). Depends names the Debian package of every
# library the binary links directly (its DT_NEEDED entries, found where the
# loader finds them, owned per dpkg -S) and of the three it loads when probe
# and verify need them (libcurl.so.4, libzip.so.4: probe/curlload.c;
# libcrypto.so.3: probe/cryptoload.c), at least at the installed version.
set -eu
build=$1
version=$2
root=$build/deb/root
arch=$(dpkg --print-architecture)
deps=""
for lib in $(readelf -d "$build/gotrace" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p') libcurl.so.4 libzip.so.4 libcrypto.so.3; do
	path=$(ldd "$build/gotrace" | awk -v l="$lib" '$1 == l { print $3 }')
	[ -n "$path" ] || path=$(/sbin/ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
	[ -n "$path" ] || { echo "mkdeb: $lib: not found by the loader" >&2; exit 1; }
	pkg=""
	for p in "$path" "/usr$path" "${path#/usr}"; do
		pkg=$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
	done
	[ -n "$pkg" ] || { echo "mkdeb: $path: no Debian package owns it" >&2; exit 1; }
	ver=$(dpkg-query -W -f '${Version}' "$pkg:$arch" 2>/dev/null || dpkg-query -W -f '${Version}' "$pkg")
	case " $deps " in *" $pkg "*) ;; *) deps="$deps $pkg (>= ${ver%%-*}),";; esac
done
deps=$(echo "$deps" | sed 's/^ //; s/,$//; s/, */, /g')
mkdir -p "$root/DEBIAN"
size=$(du -sk "$root/usr" | cut -f1)
cat >"$root/DEBIAN/control" <<CTL
Package: gotrace
Version: $version
Architecture: $arch
Maintainer: gotrace developers <gotrace@localhost>
Installed-Size: $size
Depends: $deps
Recommends: libcap2-bin
Section: devel
Priority: optional
Description: says why a Go build failed, hung or behaves differently in CI
 gotrace runs a go command exactly as it would run without it, traces every
 process (the statically linked go and its tools included) and reports
 which go and GOROOT built, where each setting came from, which proxy and
 hosts were contacted, which library or header was missing, which
 credential was sent, and why two runs differ.
CTL
# a package's files carry no extended attributes: the helper's capabilities are given at configure
cat >"$root/DEBIAN/postinst" <<'POST'
#!/bin/sh
set -e
helper=/usr/lib/gotrace/gotrace-openrec
if [ "$1" = configure ]; then
	if ! command -v setcap >/dev/null 2>&1 || ! setcap cap_bpf,cap_perfmon=ep "$helper"; then
		echo "gotrace: could not give $helper CAP_BPF and CAP_PERFMON (install libcap2-bin, then" \
			"dpkg-reconfigure gotrace): users other than root will have their opens stopped, not recorded" >&2
	fi
fi
exit 0
POST
chmod 755 "$root/DEBIAN/postinst"
out="$build/gotrace_${version}_$arch.deb"
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "$out"
