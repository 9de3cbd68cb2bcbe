package dev.assetstore.http.multipart;

import dev.assetstore.store.ApiError;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming multipart/form-data parser (RFC 7578, RFC 2046 §5.1.1) that works on the request's
 * chunks as they arrive. Part bodies are handed on as slices of those chunks: only a tail that
 * might begin a delimiter split across two chunks (shorter than the delimiter) is copied, and a
 * part's headers (bounded) are collected to be parsed. Not thread-safe: one request's event loop.
 *
 * <p>The stream is read as if it began with CRLF, so a body that opens with {@code --boundary} (the
 * usual case) and one with a preamble are found by the same search. A delimiter must be followed by
 * {@code --} (the end) or by optional blanks and CRLF (the next part's headers); anything after the
 * closing delimiter is ignored. {@link #finish()} fails if the closing delimiter never came.
 */
public final class MultipartScanner {

  /** Receives the parts in order. An {@link ApiError} thrown here stops the scan. */
  public interface Parts {
    void begin(PartHeaders headers);

    /** A run of the current part's body: a slice of the request's chunk, never empty. */
    void data(Buffer bytes);

    void end();
  }

  /** The longest boundary accepted (RFC 2046 allows 70; clients in the wild stay well below). */
  public static final int MAX_BOUNDARY = 256;

  private enum State {
    PREAMBLE,
    AFTER_DELIMITER,
    CLOSING_DASH,
    PADDING,
    LINE_FEED,
    HEADERS,
    BODY,
    EPILOGUE,
    FAILED
  }

  private final DelimiterSearch search;
  private final Parts parts;
  private final int maxHeaderBytes;
  private final byte[] carry;
  private int carryLength;
  private byte[] headers = new byte[256];
  private int headerLength;
  private int lineStart;
  private State state = State.PREAMBLE;

  /**
   * @param boundary the {@code boundary} parameter of the request's Content-Type
   * @param maxHeaderBytes bound on one part's header block (its CRLFs included); over it: 413
   */
  public MultipartScanner(String boundary, int maxHeaderBytes, Parts parts) {
    byte[] b = boundary.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length == 0 || b.length > MAX_BOUNDARY) {
      throw new IllegalArgumentException("boundary length");
    }
    byte[] delimiter = new byte[b.length + 4];
    delimiter[0] = '\r';
    delimiter[1] = '\n';
    delimiter[2] = '-';
    delimiter[3] = '-';
    System.arraycopy(b, 0, delimiter, 4, b.length);
    this.search = new DelimiterSearch(delimiter);
    this.parts = parts;
    this.maxHeaderBytes = maxHeaderBytes;
    this.carry = new byte[delimiter.length];
    // the CRLF the first delimiter does without
    carry[0] = '\r';
    carry[1] = '\n';
    carryLength = 2;
  }

  /**
   * The boundary of a {@code multipart/form-data} Content-Type value, or null if it has none that
   * is usable.
   */
  public static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    String[] params = contentType.split(";");
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
        String v = p.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        boolean usable = !v.isEmpty() && v.length() <= MAX_BOUNDARY;
        for (int k = 0; usable && k < v.length(); k++) {
          char c = v.charAt(k);
          usable = c >= 0x20 && c < 0x7f;
        }
        return usable ? v : null;
      }
    }
    return null;
  }

  /** Scans the next chunk of the body. */
  public void feed(Buffer chunk) {
    if (state == State.FAILED) {
      return;
    }
    try {
      scan(chunk);
    } catch (RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** The body ended: it must have ended with the closing delimiter. */
  public void finish() {
    if (state != State.EPILOGUE) {
      state = State.FAILED;
      throw new ApiError(400, "Malformed or interrupted multipart body");
    }
  }

  /** True once the closing delimiter has been read. */
  public boolean complete() {
    return state == State.EPILOGUE;
  }

  private void scan(Buffer chunk) {
    int length = chunk.length();
    if (length == 0) {
      return;
    }
    byte[] a;
    int off;
    ByteBuf bb = ((BufferInternal) chunk).getByteBuf();
    if (bb.hasArray()) {
      a = bb.array();
      off = bb.arrayOffset() + bb.readerIndex();
    } else {
      a = chunk.getBytes();
      off = 0;
      chunk = Buffer.buffer(a);
    }
    int pos = carryLength > 0 ? resolveCarry(a, off, length) : 0;
    while (pos < length) {
      switch (state) {
        case PREAMBLE, BODY -> pos = body(chunk, a, off, length, pos);
        case HEADERS -> pos = headers(a, off, length, pos);
        case EPILOGUE, FAILED -> pos = length;
        default -> {
          afterDelimiter(a[off + pos]);
          pos++;
        }
      }
    }
  }

  /**
   * The held-back tail of the last chunk is a prefix of the delimiter. With the start of this chunk
   * it is either the delimiter, still a prefix (a very short chunk), or data; in the last case a
   * later byte of it may still begin the delimiter.
   */
  private int resolveCarry(byte[] a, int off, int length) {
    int m = search.length();
    int take = Math.min(length, m - 1);
    byte[] w = Arrays.copyOf(carry, carryLength + take);
    System.arraycopy(a, off, w, carryLength, take);
    int held = carryLength;
    carryLength = 0;
    for (int s = 0; s < held; s++) {
      if (!search.prefixAt(w, s, w.length)) {
        continue;
      }
      emit(Buffer.buffer(Arrays.copyOf(w, s)));
      if (w.length - s >= m) {
        delimiter();
        return s + m - held;
      }
      // Still only a prefix: the chunk was shorter than the rest of the delimiter.
      carryLength = w.length - s;
      System.arraycopy(w, s, carry, 0, carryLength);
      return length;
    }
    emit(Buffer.buffer(Arrays.copyOf(w, held)));
    return 0;
  }

  private int body(Buffer chunk, byte[] a, int off, int length, int pos) {
    int at = search.indexOf(a, off + pos, off + length);
    if (at >= 0) {
      int end = at - off;
      if (end > pos) {
        emit(chunk.slice(pos, end));
      }
      delimiter();
      return end + search.length();
    }
    int tail = search.partialTail(a, off + pos, off + length);
    if (length - tail > pos) {
      emit(chunk.slice(pos, length - tail));
    }
    System.arraycopy(a, off + length - tail, carry, 0, tail);
    carryLength = tail;
    return length;
  }

  private void emit(Buffer bytes) {
    if (state == State.BODY && bytes.length() > 0) {
      parts.data(bytes);
    }
  }

  private void delimiter() {
    if (state == State.BODY) {
      parts.end();
    }
    state = State.AFTER_DELIMITER;
  }

  private void afterDelimiter(byte b) {
    state =
        switch (state) {
          case AFTER_DELIMITER ->
              switch (b) {
                case '-' -> State.CLOSING_DASH;
                case '\r' -> State.LINE_FEED;
                case ' ', '\t' -> State.PADDING;
                default -> throw malformed("a boundary is followed by other characters");
              };
          case CLOSING_DASH -> {
            if (b != '-') {
              throw malformed("a boundary is followed by other characters");
            }
            yield State.EPILOGUE;
          }
          case PADDING ->
              switch (b) {
                case ' ', '\t' -> State.PADDING;
                case '\r' -> State.LINE_FEED;
                default -> throw malformed("a boundary is followed by other characters");
              };
          case LINE_FEED -> {
            if (b != '\n') {
              throw malformed("a boundary line does not end with CRLF");
            }
            headerLength = 0;
            lineStart = 0;
            yield State.HEADERS;
          }
          default -> throw new IllegalStateException(state.name());
        };
  }

  private int headers(byte[] a, int off, int length, int pos) {
    while (pos < length) {
      byte b = a[off + pos++];
      if (headerLength == maxHeaderBytes) {
        throw new ApiError(
            413, "A form part's headers are larger than " + maxHeaderBytes + " bytes");
      }
      if (headerLength == headers.length) {
        headers = Arrays.copyOf(headers, Math.min(maxHeaderBytes, headers.length * 2));
      }
      headers[headerLength++] = b;
      if (b == '\n' && headerLength >= 2 && headers[headerLength - 2] == '\r') {
        if (headerLength - 2 == lineStart) {
          PartHeaders h = PartHeaders.parse(headers, lineStart);
          state = State.BODY;
          parts.begin(h);
          return pos;
        }
        lineStart = headerLength;
      }
    }
    return pos;
  }

  static ApiError malformed(String why) {
    return new ApiError(400, "Malformed multipart/form-data body: " + why);
  }
}
