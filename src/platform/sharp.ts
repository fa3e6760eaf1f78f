// sharp (libvips), loaded on the first image it processes: its native libraries are memory (27 MB
// of RSS on import into a bare Node process; ~6 MB less at the platform's start measured) that a
// process touching no image — the job worker, the CLI, a bulk issue — does not need.
import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  // A failed load is tried again on the next image.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
