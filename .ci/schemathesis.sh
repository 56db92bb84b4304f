#!/usr/bin/env bash
# Drives every operation of the OpenAPI document with schemathesis against a real server on a
# loopback port (a fresh store with one known tenant, the document's examples, and an admin
# whose API token schemathesis sends). Fails on a
# 5xx, a response that breaks the document, or an undocumented status or content type.
# Rule rejections (422 for schema-valid but playbook-invalid data) and 428 for a missing
# If-Match are the documented answers, so the checks that expect otherwise are not run.
#     .ci/schemathesis.sh [ENTRACK_BINARY]
#     STORE=postgres ENTRACK_TEST_POSTGRES=postgres://user@host:5432/db .ci/schemathesis.sh
# With STORE=postgres the server runs on a database of its own, created on that server and
# dropped afterwards. MAX_EXAMPLES (50) sets the examples per operation.
set -euo pipefail
bin=${1:-target/debug/entrack}
work=$(mktemp -d)
port=${PORT:-18765}
pid=
dropdb=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$dropdb" ] && psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $dropdb" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
if [ "${STORE:-sqlite}" = postgres ]; then
  base=${ENTRACK_TEST_POSTGRES:?STORE=postgres needs ENTRACK_TEST_POSTGRES}
  name="entrack_schemathesis_$$"
  admin_url=$base
  psql -q "$admin_url" -c "CREATE DATABASE $name" >/dev/null
  dropdb=$name
  db="${base%/*}/$name"
else
  db="$work/api.db"
fi
echo "schemathesis on ${STORE:-sqlite}, ${MAX_EXAMPLES:-50} examples per operation" >&2
"$bin" --db "$db" tenant add --id 6f9619ff-8b86-d011-b42d-00c04fc964ff --name Contoso --as ci >/dev/null
"$bin" --db "$db" entitlement set --tenant Contoso --service exchange --total 100 --as ci >/dev/null
"$bin" --db "$db" user add ci --role admin >/dev/null
token=$("$bin" --db "$db" token create ci --name schemathesis 2>/dev/null)
"$bin" --db "$db" serve --listen "127.0.0.1:$port" 2>"$work/serve.log" &
pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --header "Authorization: Bearer $token" \
  --max-examples "${MAX_EXAMPLES:-50}" --seed 1 --no-color
