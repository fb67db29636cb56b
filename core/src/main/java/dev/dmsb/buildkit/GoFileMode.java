package dev.dmsb.buildkit;

/**
 * POSIX {@code st_mode} to Go's {@code os.FileMode} bits, which fsutil's {@code Stat.mode} carries:
 * the file type and the setuid, setgid and sticky bits sit in the high bits, not where POSIX puts
 * them. The receiver applies modes with Go's {@code os.Chmod}, which reads only the Go bits.
 */
final class GoFileMode {
  static final int DIR = 1 << 31;
  static final int SYMLINK = 1 << 27;
  static final int DEVICE = 1 << 26;
  static final int NAMED_PIPE = 1 << 25;
  static final int SETUID = 1 << 23;
  static final int SETGID = 1 << 22;
  static final int CHAR_DEVICE = 1 << 21;
  static final int STICKY = 1 << 20;

  /** Go's {@code ModeType}: the bits that make an entry something other than a regular file. */
  static final int TYPE = 0x8F280000;

  private static final int S_IFMT = 0170000;

  private GoFileMode() {}

  /** The Go mode of a POSIX {@code st_mode} (type and permission bits). */
  static int fromPosix(int stMode) {
    int mode = stMode & 0777;
    if ((stMode & 04000) != 0) {
      mode |= SETUID;
    }
    if ((stMode & 02000) != 0) {
      mode |= SETGID;
    }
    if ((stMode & 01000) != 0) {
      mode |= STICKY;
    }
    switch (stMode & S_IFMT) {
      case 0040000 -> mode |= DIR;
      case 0120000 -> mode |= SYMLINK;
      case 0010000 -> mode |= NAMED_PIPE;
      case 0060000 -> mode |= DEVICE;
      case 0020000 -> mode |= DEVICE | CHAR_DEVICE;
      default -> {
        // regular file (sockets are never sent: fsutil clears their bit too)
      }
    }
    return mode;
  }

  /** Whether a Go mode is a regular file's, whose content the receiver may ask for. */
  static boolean isRegular(int goMode) {
    return (goMode & TYPE) == 0;
  }
}
