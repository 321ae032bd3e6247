package io.bootcloud.ingestion.domain;

/**
 * Why a landing line or file was refused (the {@code reason_code} of {@code quarantine.rejected}).
 * One code per validation rule of DESIGN.md "Landing zone".
 */
public enum ReasonCode {
  /** The line is not valid JSON. */
  MALFORMED_JSON,
  /** The line is JSON but not an object. */
  NOT_AN_OBJECT,
  /** {@code type} is not share, heartbeat, contributor, bind or unbind. */
  UNKNOWN_TYPE,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A required field has the wrong JSON type (e.g. a string where an integer belongs). */
  BAD_FIELD_TYPE,
  /** A field has the right type but a value outside its range (difficulty 0, interval 7200, ...). */
  BAD_VALUE,
  /** {@code ts} is not ISO-8601 with an offset. */
  BAD_TIMESTAMP,
  /** {@code ts} lies after the end of the delivery day plus the clock-skew tolerance. */
  FUTURE_TIMESTAMP,
  /** {@code wallet} is not a 0x-prefixed 20-byte hex address. */
  BAD_ADDRESS,
  /** The {@code event_id} was already accepted: the same event delivered again. */
  DUPLICATE_EVENT,
  /** A bind of a device that is bound to another contributor, whose owner did not unbind it first. */
  CONFLICTING_BINDING,
  /** The file is gzip-named but not a readable gzip stream (truncated or corrupt). */
  BAD_GZIP,
  /** The line's bytes are not valid UTF-8 (the bytes are kept in the detail, base64). */
  BAD_ENCODING,
  /** The file's path does not follow the landing layout. */
  BAD_PATH,
  /** The file is larger than {@code limits.max_file_bytes} once decompressed (a pointer and a hash are kept). */
  FILE_TOO_LARGE,
  /** The line is longer than {@code limits.max_line_bytes} (its hash and first bytes are kept). */
  LINE_TOO_LONG,
  /** An id is longer than {@code limits.max_id_chars} or holds control, format or bidi characters. */
  BAD_ID
}
