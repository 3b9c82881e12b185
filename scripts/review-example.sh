#!/usr/bin/env bash
# Regenerates docs/review-example.md: the review a pull request would get for the change that
# [PATCH v4 6/6] "mm/migrate: remove range invalidation in migrate_vma_pages()" proposed, applied to
# models/migrate.ts. A temporary git repository gets two branches: `main` with the model as it is, and
# `remove-reinvalidation` with the steps pages_invalidateStart and pages_invalidateEnd removed from the
# migrate process. Then `interleave review` compares them for the variants fixed and no-reinvalidate.
# Fixed author, dates and branch names keep the commit ids, and so the report, the same on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/docs/review-example.md"
repo=$(mktemp -d "${TMPDIR:-/tmp}/interleave-review-example.XXXXXX")
trap 'rm -rf "$repo"' EXIT

export GIT_AUTHOR_NAME=interleave GIT_AUTHOR_EMAIL=interleave@example.org
export GIT_COMMITTER_NAME=interleave GIT_COMMITTER_EMAIL=interleave@example.org
export GIT_AUTHOR_DATE=2020-07-23T12:00:00Z GIT_COMMITTER_DATE=2020-07-23T12:00:00Z
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

git -C "$repo" init -q -b main
mkdir -p "$repo/models"
cp models/migrate.ts "$repo/models/migrate.ts"
git -C "$repo" add -A
git -C "$repo" commit -q -m 'migrate: device migration racing with two HMM mirrors'

git -C "$repo" checkout -q -b remove-reinvalidation
node --import tsx scripts/dropSteps.ts models/migrate.ts migrate pages_invalidateStart pages_invalidateEnd > "$repo/models/migrate.ts"
git -C "$repo" commit -q -a -m 'mm/migrate: remove range invalidation in migrate_vma_pages()'

cd "$repo"
set +e
node "$root/bin/interleave.js" review --base main --head remove-reinvalidation --variant fixed --variant no-reinvalidate --out "$out"
code=$?
set -e
# exit 1 is the expected outcome: the head has a violation that the base does not
if [ "$code" -ne 1 ]; then
  echo "review-example: interleave review exited $code, expected 1 (a new violation)" >&2
  exit 1
fi
