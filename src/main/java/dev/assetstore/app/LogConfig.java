package dev.assetstore.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The log set-up in code: parsing an XML file with Joran was about a tenth of start-up. Same result
 * as the former {@code logback.xml}: a timestamped console log, the request log as bare JSON lines
 * at {@code ASSET_STORE_REQUEST_LOG} (default INFO), libraries at WARN. A {@code logback-test.xml}
 * on the class path or {@code -Dlogback.configurationFile} still wins.
 */
public final class LogConfig extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext lc) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfig.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(
        console(lc, "STDOUT", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{20} - %msg%n"));
    Logger request = lc.getLogger("request");
    String level =
        System.getProperty("ASSET_STORE_REQUEST_LOG", System.getenv("ASSET_STORE_REQUEST_LOG"));
    request.setLevel(
        Level.toLevel(level == null || level.isBlank() ? "INFO" : level.trim(), Level.INFO));
    request.setAdditive(false);
    request.addAppender(console(lc, "REQUESTS", "%msg%n"));
    for (String quiet :
        new String[] {"com.zaxxer.hikari", "org.flywaydb", "org.jooq", "io.netty"}) {
      lc.getLogger(quiet).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static ConsoleAppender<ILoggingEvent> console(
      LoggerContext lc, String name, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(lc);
    encoder.setPattern(pattern);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(lc);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
