package dev.assetstore.app;

/** Where start-up time goes, logged once at start so a slow start can be read off the log. */
final class StartupPhases {
  private final StringBuilder line = new StringBuilder();
  private long last = System.nanoTime();

  void done(String phase) {
    long now = System.nanoTime();
    line.append(line.isEmpty() ? "" : ", ")
        .append(phase)
        .append(' ')
        .append((now - last) / 1_000_000)
        .append(" ms");
    last = now;
  }

  @Override
  public String toString() {
    long jvm =
        System.currentTimeMillis()
            - ProcessHandle.current()
                .info()
                .startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
    return line + "; " + jvm + " ms since the JVM started";
  }
}
