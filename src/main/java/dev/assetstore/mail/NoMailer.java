package dev.assetstore.mail;

/** {@link Mailer#none()}: no SMTP server configured. */
enum NoMailer implements Mailer {
  INSTANCE;

  @Override
  public boolean isConfigured() {
    return false;
  }

  @Override
  public void send(Message message) throws MailException {
    throw new MailException("SMTP is not configured");
  }

  @Override
  public String toString() {
    return "Mailer.none()";
  }
}
