package dev.assetstore.http.assets;

import dev.assetstore.http.Limits;
import dev.assetstore.http.multipart.MultipartScanner;
import dev.assetstore.http.multipart.PartHeaders;
import dev.assetstore.store.ApiError;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upload form's parts as the scanner finds them: the first part named {@code file} that has a
 * filename is the asset (its bytes go to {@link FileSink}), plain fields are collected (the first
 * value of a name wins), other file parts are drained. The form limits are the ones Vert.x's
 * decoder applied: at most {@link Limits#MAX_FORM_FIELDS} parts, the file included, and {@link
 * Limits#MAX_FORM_FIELD_BYTES} per field value.
 */
final class UploadParts implements MultipartScanner.Parts {

  /** Where the file part's bytes go. */
  interface FileSink {
    void begin(PartHeaders headers);

    void data(Buffer bytes);

    void end();
  }

  private enum Current {
    FILE,
    FIELD,
    IGNORED
  }

  private final FileSink file;
  private final Map<String, String> fields = new LinkedHashMap<>();
  private int count;
  private boolean fileSeen;
  private Current current;
  private PartHeaders field;
  private Buffer value;

  UploadParts(FileSink file) {
    this.file = file;
  }

  Map<String, String> fields() {
    return fields;
  }

  boolean hasFile() {
    return fileSeen;
  }

  @Override
  public void begin(PartHeaders headers) {
    if (++count > Limits.MAX_FORM_FIELDS) {
      throw Limits.tooManyFormFields();
    }
    if (!headers.isFile()) {
      current = Current.FIELD;
      field = headers;
      value = Buffer.buffer();
    } else if (headers.name().equals("file") && !fileSeen) {
      current = Current.FILE;
      fileSeen = true;
      file.begin(headers);
    } else {
      current = Current.IGNORED;
    }
  }

  @Override
  public void data(Buffer bytes) {
    switch (current) {
      case FILE -> file.data(bytes);
      case FIELD -> {
        if (value.length() + bytes.length() > Limits.MAX_FORM_FIELD_BYTES) {
          throw new ApiError(
              413, "A form field is larger than " + Limits.MAX_FORM_FIELD_BYTES + " bytes");
        }
        value.appendBuffer(bytes);
      }
      case IGNORED -> {
        // drained
      }
    }
  }

  @Override
  public void end() {
    switch (current) {
      case FILE -> file.end();
      case FIELD -> fields.putIfAbsent(field.name(), value.toString(field.charset()));
      case IGNORED -> {
        // nothing kept
      }
    }
    current = null;
    value = null;
  }
}
