// How much shadow memory a guest needs. The rule is the one libxl
// (libxl_get_required_shadow_memory) and xend (image.py getRequiredShadowMemory) both use, and
// that xl.cfg(5) states as "1 MiB per vCPU plus 8 KiB per MiB of RAM" (REFERENCE §2.3, §3.1):
//   256 pages (1 MiB) per vCPU
//   + 1 page per MiB of RAM for the physical-to-machine map
//   + 1 page per MiB of RAM to shadow the guest's page tables
// in KiB: 4 × (256 × vcpus + 2 × memoryMiB). We round up to whole MiB, the unit of the key.

/** Recommended `shadow_memory` in MiB for a guest with this much RAM (use maxmem when set). */
export function recommendShadowMemory(memoryMiB: number, vcpus: number): number {
  const cpus = Math.max(1, Math.floor(vcpus));
  const mem = Math.max(0, Math.floor(memoryMiB));
  const kib = 4 * (256 * cpus + 2 * mem);
  return Math.ceil(kib / 1024);
}
