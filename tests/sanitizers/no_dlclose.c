/* no_dlclose.c: preloaded in the sanitizer build's tests only. Open MPI
 * unloads its components (dlclose) in MPI_Finalize, so LeakSanitizer, which
 * reports at exit, can no longer name the library of the allocations those
 * components keep ("<unknown module>") and no suppression can match them.
 * Keeping every library mapped makes the stacks symbolizable: lsan.supp then
 * suppresses Open MPI's allocations by library, and ours stay reported. */
int dlclose(void *handle);

int dlclose(void *handle) {
  (void)handle;
  return 0;
}
