#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what the tests need, builds, runs the .NET suites, then the
# interop suite (real RocketMQ clients from npm against a gateway process it starts itself).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# redis-server: the Redis routing suites run against a real server.
if ! command -v redis-server >/dev/null 2>&1; then
  echo "==> installing redis-server (apt)"
  as_root apt-get update -qq && as_root apt-get install -y -qq redis-server >/dev/null
fi

# chromium: the dashboard test (tests/interop/test/l-dashboard.test.js) drives it headless with playwright-core.
# If it cannot be installed, that one test skips and says why.
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing chromium (apt)"
  { as_root apt-get update -qq && as_root apt-get install -y -qq chromium >/dev/null; } \
    || echo "==> WARNING: chromium could not be installed; the dashboard browser test will be skipped"
fi

echo "==> building (Release)"
dotnet build -c Release EventBroker.sln -nologo -v minimal

echo "==> dotnet format (verify: the code style every project follows)"
dotnet format --verify-no-changes --no-restore EventBroker.sln

echo "==> .NET test suites"
dotnet test -c Release --no-build EventBroker.sln -nologo -v minimal

echo "==> interop suite (ali-ons, rocketmq-nodejs, the dashboard in headless Chromium)"
( cd tests/interop && npm ci --no-audit --no-fund --loglevel=error && npm test )

echo "==> all test suites passed"
