# Sourced by the benchmark scripts: the images their builds leave. A tag that a later round moves
# leaves the earlier image untagged, and the legacy builder keeps an untagged image per non-final
# stage; both would stay behind (1 GiB each in the context benchmark). So the untagged images that
# appear while a script runs are removed when it ends, with its tags.
#   bench_images_start            remember the untagged images there are now
#   bench_images_remove TAG...    remove the tags and the untagged images made since the start

bench_images_untagged() { "$DOCKER" images --filter dangling=true --quiet --no-trunc | sort -u; }

bench_images_start() { BENCH_IMAGES_BEFORE=$(bench_images_untagged); }

bench_images_remove() {
  "$DOCKER" image rm -f "$@" >/dev/null 2>&1 || true
  local new
  new=$(comm -13 <(printf '%s\n' "${BENCH_IMAGES_BEFORE:-}") <(bench_images_untagged))
  if [[ -n "$new" ]]; then
    # shellcheck disable=SC2086 # one image ID per word
    "$DOCKER" image rm -f $new >/dev/null 2>&1 || true
  fi
}
