#!/bin/sh
# deps.sh run|check: install, from Debian's packages, what building (run)
# or testing (check) needs and this machine lacks; say what first.  A
# machine that has everything installs nothing.  As root apt-get runs
# directly, otherwise through sudo; elsewhere than Debian nothing is
# installed and the build says what is missing.
set -u

build="build-essential pkg-config libbsd-dev"
test="libcmocka-dev mandoc shellcheck strace perl tmux util-linux bsdutils
mawk clang libclang-rt-14-dev bash-completion zsh fish git
git-remote-gcrypt gnupg dpkg-dev debhelper lintian locales"

case ${1-} in
run) want=$build ;;
check) want="$build $test" ;;
*)
	echo "usage: mk/deps.sh run|check" >&2
	exit 64
	;;
esac

command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case $s in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -n "$missing" ] || exit 0

echo "make $1 needs these Debian packages, which are missing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "install them as root: apt-get install$missing" >&2
	exit 69
fi
echo "installing them: ${sudo:+sudo }apt-get install -y$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$sudo apt-get update -qq && $sudo apt-get install -y -qq $missing
