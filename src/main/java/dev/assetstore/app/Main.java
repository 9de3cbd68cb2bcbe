package dev.assetstore.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code asset-store [serve]}: the entry point of the jar. */
@Command(
    name = "asset-store",
    mixinStandardHelpOptions = true,
    description = "A self-hostable asset store with share links.",
    subcommands = {Main.Serve.class, AccountCommands.Users.class, AccountCommands.Keys.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      // The plain start skips building the picocli model (reflection over every subcommand),
      // about a tenth of start-up; exit codes are picocli's (0 after a stop, 2 on bad config).
      System.exit(new Serve().call());
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** No subcommand means {@code serve}. */
  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  @Command(name = "serve", description = "Start the HTTP server (the default command).")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Config config;
      try {
        config = Config.fromEnv(System.getenv());
      } catch (IllegalArgumentException e) {
        System.err.println("configuration error: " + e.getMessage());
        return 2;
      }
      AssetStoreServer server = AssetStoreServer.start(config, System.out);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  }));
      // Vert.x threads alone do not keep the JVM alive.
      stopped.await();
      return 0;
    }
  }
}
