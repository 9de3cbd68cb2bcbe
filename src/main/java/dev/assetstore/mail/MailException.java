package dev.assetstore.mail;

/** A message could not be handed over to the mail server. */
public class MailException extends Exception {
  public MailException(String message) {
    super(message);
  }

  public MailException(String message, Throwable cause) {
    super(message, cause);
  }
}
