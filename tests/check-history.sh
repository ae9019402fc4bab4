#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The history follows the kernel's commit conventions, from the commit
# that added this check on: a subject of at most 72 characters in the
# form "area: imperative summary", a body (why, and the figures), no
# WIP, fixup! or squash! commit, no merge. Earlier history is left as it
# is. Prints TAP, one result per commit, the reason of each failure with
# the commit named. SKIP (exit 4) outside a git checkout or when the
# commit that added this file is not in the history (a shallow clone).
# Usage: tests/check-history.sh [--repo DIR] [--since COMMIT] [--self-test]
#   --repo       the checkout to check (default: this one)
#   --since      check the commits from COMMIT (included) to HEAD instead
#   --self-test  plant one good and four bad commits in a scratch
#                repository and check that exactly the bad fail

set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
since=""
self_test=0
while [ $# -gt 0 ]; do
	case $1 in
	--repo) repo=$2; shift 2 ;;
	--since) since=$2; shift 2 ;;
	--self-test) self_test=1; shift ;;
	*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
	esac
done

# self_test - the check against planted faults; TAP of its own
self_test()
{
	local d out rc
	d=$(mktemp -d)
	trap 'rm -rf "$d"' RETURN
	g() { git -C "$d" -c user.name=t -c user.email=t@t "$@" >/dev/null 2>&1; }
	g init
	mkdir -p "$d/tests"
	cp "$0" "$d/tests/check-history.sh"
	g add tests && g commit -m "before: the history the check leaves alone"
	echo 1 > "$d/a" && g add a && g commit -m "tests: add a file" -m "Why it is there."
	g commit --allow-empty -m "tests: a subject that runs on and on and on, well past the seventy-two characters" -m "Body."
	g commit --allow-empty -m "WIP: half done" -m "Body."
	g commit --allow-empty -m "tests: no body"
	g checkout -b side && g commit --allow-empty -m "tests: on a side" -m "Body."
	g checkout - && g merge --no-ff --no-edit side -m "tests: merge side" -m "Body."
	out=$(bash "$0" --repo "$d" --since "$(git -C "$d" rev-parse HEAD~4)")
	rc=$?
	echo "TAP version 13"
	printf '%s\n' "$out" | sed 's/^/# | /'
	[ $rc = 1 ] && [ "$(grep -c '^ok' <<<"$out")" = 2 ] &&
		[ "$(grep -c '^not ok' <<<"$out")" = 4 ] &&
		grep -q 'over 72' <<<"$out" && grep -q 'work-in-progress' <<<"$out" &&
		grep -q 'no body' <<<"$out" && grep -q 'a merge' <<<"$out"
	rc=$?
	[ $rc = 0 ] && echo "ok 1 - planted faults: the long subject, the WIP, the missing body and the merge fail; the good commits pass" ||
		echo "not ok 1 - planted faults: the long subject, the WIP, the missing body and the merge fail; the good commits pass"
	echo "1..1"
	return $rc
}
[ "$self_test" = 1 ] && { self_test; exit; }

echo "TAP version 13"
if ! git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
	echo "1..0 # SKIP $repo is not a git checkout"
	exit 4
fi
if [ -z "$since" ]; then
	since=$(git -C "$repo" log --diff-filter=A --format=%H -- tests/check-history.sh | tail -n 1)
	if [ -z "$since" ]; then
		echo "1..0 # SKIP the commit that added tests/check-history.sh is not in this history (shallow?)"
		exit 4
	fi
fi

# problems COMMIT - the commit's departures from the conventions, one a
# line; nothing when it follows them
problems()
{
	local c=$1 subject body parents
	subject=$(git -C "$repo" log -1 --format=%s "$c")
	body=$(git -C "$repo" log -1 --format=%b "$c" | sed '/^[[:space:]]*$/d')
	parents=$(git -C "$repo" log -1 --format=%p "$c" | wc -w)
	[ "$parents" -gt 1 ] && echo "a merge ($parents parents): rebase instead"
	[ ${#subject} -gt 72 ] && echo "subject of ${#subject} characters, over 72"
	case $subject in
	*WIP*|*wip:*|fixup!*|squash!*|amend!*) echo "a work-in-progress subject" ;;
	esac
	[[ $subject =~ ^[A-Za-z0-9_./,\ -]+:\ [^\ ] ]] ||
		echo "subject not 'area: summary'"
	[ -n "$body" ] || echo "no body: say why, with the figures"
}

n=0
failed=0
while read -r c; do
	n=$((n + 1))
	what="$(git -C "$repo" log -1 --format='%h %s' "$c" | cut -c1-90)"
	p=$(problems "$c")
	if [ -z "$p" ]; then
		echo "ok $n - $what"
	else
		failed=$((failed + 1))
		echo "not ok $n - $what"
		printf '%s\n' "$p" | sed "s/^/# commit $(git -C "$repo" rev-parse --short "$c"): /"
	fi
done < <(git -C "$repo" rev-list --reverse HEAD --not $(git -C "$repo" rev-parse "$since^@"))
echo "1..$n"
[ "$failed" = 0 ]
