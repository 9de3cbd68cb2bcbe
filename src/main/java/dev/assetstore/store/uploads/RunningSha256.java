package dev.assetstore.store.uploads;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The SHA-256 of an upload, carried from piece to piece: its state is saved with every durable
 * offset and restored by whichever node takes the next piece, so completion reads no byte twice.
 *
 * <p>Two engines, one marker byte each in the saved state. {@code J}: the JDK's own SHA-256 (SHA-NI
 * intrinsics: ~880 MB/s on this project's machines against ~90 MB/s for Bouncy Castle's pure Java
 * digest, which capped resumable uploads at a fifth of the multipart rate), whose state is read and
 * set through its fields; that needs {@code --add-opens java.base/sun.security.provider}, which the
 * jar's manifest and the test runs give. {@code B}: Bouncy Castle's {@link SHA256Digest} and its
 * encoded state, used when the JDK's fields cannot be reached. A state is always continued by the
 * engine that wrote it, so nodes with and without the opening agree (docs/decisions.md).
 */
abstract sealed class RunningSha256 permits RunningSha256.Jdk, RunningSha256.Bc {
  private static final byte JDK = 'J';
  private static final byte BC = 'B';

  abstract void update(byte[] b, int off, int len);

  /** The state to persist with a durable offset. */
  abstract byte[] state();

  /** The digest of everything so far; the running state is spent. */
  abstract byte[] finish();

  static RunningSha256 fresh() {
    return Jdk.AVAILABLE ? new Jdk() : new Bc(new SHA256Digest());
  }

  static RunningSha256 restore(byte[] state) {
    if (state == null || state.length == 0) {
      return fresh();
    }
    byte[] rest = Arrays.copyOfRange(state, 1, state.length);
    return switch (state[0]) {
      case JDK -> Jdk.restored(rest);
      case BC -> new Bc(new SHA256Digest(rest));
      default -> throw new IllegalStateException("unknown SHA-256 state marker " + state[0]);
    };
  }

  /** The JDK's {@code sun.security.provider.SHA2$SHA256}, its state read from its fields. */
  static final class Jdk extends RunningSha256 {
    static final boolean AVAILABLE;
    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE;
    private static final MethodHandle DIGEST;
    private static final Field BUFFER;
    private static final Field BUF_OFS;
    private static final Field BYTES;
    private static final Field STATE;

    static {
      MethodHandle make = null;
      MethodHandle update = null;
      MethodHandle digest = null;
      Field buffer = null;
      Field bufOfs = null;
      Field bytes = null;
      Field state = null;
      boolean ok;
      try {
        Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
        Class<?> sha2 = sha256.getSuperclass();
        Class<?> base = sha2.getSuperclass();
        var ctor = sha256.getDeclaredConstructor();
        ctor.setAccessible(true);
        Method u = base.getDeclaredMethod("engineUpdate", byte[].class, int.class, int.class);
        u.setAccessible(true);
        Method d = base.getDeclaredMethod("engineDigest");
        d.setAccessible(true);
        MethodHandles.Lookup l = MethodHandles.lookup();
        make = l.unreflectConstructor(ctor).asType(MethodType.methodType(Object.class));
        update =
            l.unreflect(u)
                .asType(
                    MethodType.methodType(
                        void.class, Object.class, byte[].class, int.class, int.class));
        digest = l.unreflect(d).asType(MethodType.methodType(byte[].class, Object.class));
        buffer = open(base, "buffer");
        bufOfs = open(base, "bufOfs");
        bytes = open(base, "bytesProcessed");
        state = open(sha2, "state");
        ok = selfTest(make, update, digest, buffer, bufOfs, bytes, state);
      } catch (ReflectiveOperationException | RuntimeException e) {
        ok = false;
      }
      AVAILABLE = ok;
      NEW = make;
      UPDATE = update;
      DIGEST = digest;
      BUFFER = buffer;
      BUF_OFS = bufOfs;
      BYTES = bytes;
      STATE = state;
    }

    private static Field open(Class<?> c, String name) throws NoSuchFieldException {
      Field f = c.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    }

    /** The engine is used only if a state saved and restored mid-block gives the right digest. */
    private static boolean selfTest(
        MethodHandle make,
        MethodHandle update,
        MethodHandle digest,
        Field buffer,
        Field bufOfs,
        Field bytes,
        Field state) {
      try {
        byte[] data = new byte[150];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i * 7);
        }
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(data);
        Object a = make.invoke();
        update.invoke(a, data, 0, 100);
        byte[] saved = save(a, buffer, bufOfs, bytes, state);
        Object b = make.invoke();
        load(b, saved, buffer, bufOfs, bytes, state);
        update.invoke(b, data, 100, 50);
        return Arrays.equals(expected, (byte[]) digest.invoke(b));
      } catch (Throwable t) {
        return false;
      }
    }

    private final Object spi;

    Jdk() {
      try {
        spi = NEW.invoke();
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    static Jdk restored(byte[] saved) {
      if (!AVAILABLE) {
        throw new IllegalStateException(
            "this upload's SHA-256 state needs --add-opens java.base/sun.security.provider");
      }
      Jdk j = new Jdk();
      try {
        load(j.spi, saved, BUFFER, BUF_OFS, BYTES, STATE);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      return j;
    }

    @Override
    void update(byte[] b, int off, int len) {
      try {
        UPDATE.invokeExact(spi, b, off, len);
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    @Override
    byte[] state() {
      try {
        byte[] s = save(spi, BUFFER, BUF_OFS, BYTES, STATE);
        byte[] out = new byte[s.length + 1];
        out[0] = JDK;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    byte[] finish() {
      try {
        return (byte[]) DIGEST.invokeExact(spi);
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    /** 8 state words, the byte count, the partial block's length and bytes. */
    private static byte[] save(Object spi, Field buffer, Field bufOfs, Field bytes, Field state)
        throws IllegalAccessException {
      int[] h = (int[]) state.get(spi);
      int ofs = bufOfs.getInt(spi);
      ByteBuffer out = ByteBuffer.allocate(8 * 4 + 8 + 4 + ofs);
      for (int w : h) {
        out.putInt(w);
      }
      out.putLong(bytes.getLong(spi));
      out.putInt(ofs);
      out.put((byte[]) buffer.get(spi), 0, ofs);
      return out.array();
    }

    private static void load(
        Object spi, byte[] saved, Field buffer, Field bufOfs, Field bytes, Field state)
        throws IllegalAccessException {
      ByteBuffer in = ByteBuffer.wrap(saved);
      int[] h = (int[]) state.get(spi);
      for (int i = 0; i < 8; i++) {
        h[i] = in.getInt();
      }
      bytes.setLong(spi, in.getLong());
      int ofs = in.getInt();
      in.get((byte[]) buffer.get(spi), 0, ofs);
      bufOfs.setInt(spi, ofs);
    }
  }

  /** Bouncy Castle's digest, whose state it encodes itself. */
  static final class Bc extends RunningSha256 {
    private final SHA256Digest d;

    Bc(SHA256Digest d) {
      this.d = d;
    }

    @Override
    void update(byte[] b, int off, int len) {
      d.update(b, off, len);
    }

    @Override
    byte[] state() {
      byte[] s = d.getEncodedState();
      byte[] out = new byte[s.length + 1];
      out[0] = BC;
      System.arraycopy(s, 0, out, 1, s.length);
      return out;
    }

    @Override
    byte[] finish() {
      byte[] out = new byte[32];
      d.doFinal(out, 0);
      return out;
    }
  }
}
