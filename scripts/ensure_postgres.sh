#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, pg_ctl) are there for the team server tests,
# which start a throwaway cluster of their own (tests/pgcluster.py). Run by `make test`.
#
# When they are missing and apt-get is there, install Debian's `postgresql` as root or through
# a password-less sudo, without creating or starting the package's own cluster. Otherwise say
# that the server tests will skip (with CI=true they fail instead: tests/conftest.py).
set -euo pipefail

POSTGRES_LIB="${POSTGRES_LIB:-/usr/lib/postgresql}"  # Debian's place of the server binaries
POSTGRES_ETC="${POSTGRES_ETC:-/etc/postgresql-common}"  # its createcluster.conf

have_postgres() {
    compgen -G "$POSTGRES_LIB/*/bin/initdb" >/dev/null && return 0
    command -v initdb >/dev/null 2>&1 && return 0
    command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && return 0
    return 1
}

if have_postgres; then
    exit 0
fi

skip() {
    echo "ensure_postgres: $1; the team server tests will skip" \
        "(install Debian's postgresql package, or PostgreSQL >= 13, to run them)" >&2
    exit 0
}

command -v apt-get >/dev/null 2>&1 || skip "no PostgreSQL server binaries and no apt-get"
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    skip "no PostgreSQL server binaries, and installing them needs root or password-less sudo"
fi

echo "ensure_postgres: installing Debian's postgresql (for the team server tests)" >&2
# the tests make their own clusters: keep the package from creating and starting one
"${as_root[@]}" mkdir -p "$POSTGRES_ETC"
if [ ! -e "$POSTGRES_ETC/createcluster.conf" ]; then
    echo "create_main_cluster = false" | "${as_root[@]}" tee "$POSTGRES_ETC/createcluster.conf" >/dev/null
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confold postgresql
have_postgres || { echo "ensure_postgres: postgresql installed, but no initdb found" >&2; exit 1; }
