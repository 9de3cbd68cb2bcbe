package dev.assetstore.store.previews;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.assetstore.blob.LocalCopy;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG API (the Debian package {@code libturbojpeg0}), called through the
 * JDK's foreign function API. It decodes a JPEG at 1/2 … 1/8 of its size inside the IDCT (libjpeg's
 * DCT scaling, the "shrink on load" libvips uses), so a 12-megapixel photo for a 256-pixel preview
 * costs a fraction of a full decode, and the pixels it makes follow the output size. The JDK's own
 * JPEG reader can only drop pixels after decoding every block at full size (docs/decisions.md,
 * "Previews decode JPEG with libjpeg-turbo").
 *
 * <p>Only the common case takes this path: a YCbCr, RGB or grey JPEG that decodes without a single
 * warning. Anything else answers empty and the ImageIO path decides, as it does when the library is
 * not installed: CMYK and YCCK (libjpeg will not convert them to RGB; the TwelveMonkeys reader
 * knows Adobe's conventions), a truncated or odd file.
 */
final class TurboJpeg {
  private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);

  private static final int TJPF_BGR = 1;
  // A decode with any warning fails anyway (the ImageIO path then judges the file): stop at the
  // first. Progressive scans are capped at 500, so a file of endless scans cannot hold a slot.
  private static final int TJFLAG_STOPONWARNING = 8192;
  private static final int TJFLAG_LIMITSCANS = 16384;

  private static final Library LIB = Library.load();

  private TurboJpeg() {}

  /** Whether libturbojpeg was found on this machine. */
  static boolean available() {
    return LIB != null;
  }

  /** The source's size in pixels, as its header declares it. */
  record Header(int width, int height) {}

  /** What a caller wants decoded, once the header is known. */
  interface Target {
    /** The size to decode to at least, given the source's size; or null to not decode. */
    int[] atLeast(Header h) throws IOException;
  }

  /**
   * Decodes {@code source} at the coarsest DCT scale that still gives at least the size {@code
   * target} asks for, or answers empty when this path cannot take the file.
   */
  static Optional<BufferedImage> decode(LocalCopy source, Target target) throws IOException {
    if (LIB == null) {
      return Optional.empty();
    }
    try (Arena arena = Arena.ofConfined()) {
      // Mapped, not read: the compressed file never enters the heap.
      MemorySegment jpeg = source.map(arena);
      long size = jpeg.byteSize();
      if (size == 0) {
        return Optional.empty();
      }
      MemorySegment handle = LIB.init();
      if (handle.equals(MemorySegment.NULL)) {
        return Optional.empty();
      }
      try {
        MemorySegment dims = arena.allocate(JAVA_INT, 4);
        if (LIB.header(handle, jpeg, size, dims) != 0) {
          return Optional.empty();
        }
        Header h = new Header(dims.getAtIndex(JAVA_INT, 0), dims.getAtIndex(JAVA_INT, 1));
        if (h.width() <= 0 || h.height() <= 0) {
          return Optional.empty();
        }
        int[] want = target.atLeast(h);
        if (want == null) {
          return Optional.empty();
        }
        int[] scaled = LIB.scaledAtLeast(h.width(), h.height(), want[0], want[1]);
        int w = scaled[0];
        int ht = scaled[1];
        long bytes = (long) w * ht * 3;
        if (bytes > Integer.MAX_VALUE) {
          return Optional.empty();
        }
        MemorySegment pixels = arena.allocate(bytes);
        if (LIB.decompress(handle, jpeg, size, pixels, w, ht) != 0) {
          return Optional.empty();
        }
        BufferedImage img = new BufferedImage(w, ht, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        MemorySegment.copy(pixels, JAVA_BYTE, 0, data, 0, data.length);
        return Optional.of(img);
      } finally {
        LIB.destroy(handle);
      }
    }
  }

  /** The library's entry points, or null when it is not installed. */
  private record Library(
      MethodHandle initDecompress,
      MethodHandle decompressHeader3,
      MethodHandle decompress2,
      MethodHandle destroy,
      int[][] factors) {

    static Library load() {
      if ("off".equals(System.getenv("ASSET_STORE_PREVIEW_TURBOJPEG"))) {
        return null;
      }
      SymbolLookup lib = null;
      for (String name : new String[] {"libturbojpeg.so.0", "libturbojpeg.so"}) {
        try {
          lib = SymbolLookup.libraryLookup(name, Arena.global());
          break;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          // not under this name
        }
      }
      if (lib == null) {
        LOG.info("libturbojpeg not found: JPEG previews are decoded by ImageIO at full size");
        return null;
      }
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup l = lib;
        java.util.function.BiFunction<String, FunctionDescriptor, MethodHandle> fn =
            (n, d) -> linker.downcallHandle(l.find(n).orElseThrow(), d);
        MethodHandle factors =
            fn.apply("tjGetScalingFactors", FunctionDescriptor.of(ADDRESS, ADDRESS));
        return new Library(
            fn.apply("tjInitDecompress", FunctionDescriptor.of(ADDRESS)),
            fn.apply(
                "tjDecompressHeader3",
                FunctionDescriptor.of(
                    JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
            fn.apply(
                "tjDecompress2",
                FunctionDescriptor.of(
                    JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, JAVA_INT)),
            fn.apply("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
            readFactors(factors));
      } catch (Throwable e) {
        LOG.warn("libturbojpeg could not be bound, JPEG previews use ImageIO: {}", e.toString());
        return null;
      }
    }

    /** The DCT scales the library offers that shrink (num/denom ≤ 1), as {num, denom} pairs. */
    private static int[][] readFactors(MethodHandle get) throws Throwable {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment count = a.allocate(JAVA_INT);
        MemorySegment list = (MemorySegment) get.invokeExact(count);
        int n = count.get(JAVA_INT, 0);
        if (list.equals(MemorySegment.NULL) || n <= 0 || n > 64) {
          throw new IllegalStateException("no scaling factors");
        }
        MemorySegment all = list.reinterpret(8L * n);
        return java.util.stream.IntStream.range(0, n)
            .mapToObj(
                i ->
                    new int[] {
                      all.getAtIndex(JAVA_INT, 2L * i), all.getAtIndex(JAVA_INT, 2L * i + 1)
                    })
            .filter(f -> f[0] > 0 && f[1] > 0 && f[0] <= f[1])
            .toArray(int[][]::new);
      }
    }

    /** The smallest scaled size (libjpeg rounds up) that is at least {@code minW × minH}. */
    int[] scaledAtLeast(int w, int h, int minW, int minH) {
      int[] best = {w, h};
      for (int[] f : factors) {
        int sw = (int) (((long) w * f[0] + f[1] - 1) / f[1]);
        int sh = (int) (((long) h * f[0] + f[1] - 1) / f[1]);
        if (sw >= minW && sh >= minH && (long) sw * sh < (long) best[0] * best[1]) {
          best = new int[] {sw, sh};
        }
      }
      return best;
    }

    MemorySegment init() {
      try {
        return (MemorySegment) initDecompress.invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    int header(MemorySegment handle, MemorySegment jpeg, long size, MemorySegment dims) {
      try {
        return (int)
            decompressHeader3.invokeExact(
                handle, jpeg, size, dims, dims.asSlice(4), dims.asSlice(8), dims.asSlice(12));
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    int decompress(
        MemorySegment handle, MemorySegment jpeg, long size, MemorySegment out, int w, int h) {
      try {
        return (int)
            decompress2.invokeExact(
                handle,
                jpeg,
                size,
                out,
                w,
                w * 3,
                h,
                TJPF_BGR,
                TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    void destroy(MemorySegment handle) {
      try {
        int ignored = (int) destroy.invokeExact(handle);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
