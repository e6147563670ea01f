# Sourced by .ci/run (and by developers): starts a local PostgreSQL cluster if one is not
# running and exports TEST_DATABASE_URL for the HQ tests. Loopback only.
if [ -z "${TEST_DATABASE_URL:-}" ] && [ -d /usr/lib/postgresql ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    pg_lsclusters -h 2>/dev/null | grep -q . || pg_createcluster "$ver" main >/dev/null
    pg_ctlcluster "$ver" main start
  fi
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='till'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE till LOGIN SUPERUSER PASSWORD 'till'\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='hq_test'\"" | grep -q 1 \
    || su postgres -c "createdb -O till hq_test"
  export TEST_DATABASE_URL="postgres://till:till@127.0.0.1:5432/hq_test"
  echo "PostgreSQL for tests: $TEST_DATABASE_URL"
fi
