package dev.assetstore.app;

import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.UserRow;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.auth.AccessTokens;
import dev.assetstore.store.auth.ApiKeyService;
import dev.assetstore.store.auth.UserService;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.Page;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Offline account administration: {@code users create}, {@code keys create}, {@code keys list}.
 * They open the same metadata store as the server (same configuration), so they work while the
 * server is down — or running, since SQLite serialises the writers.
 */
final class AccountCommands {
  private AccountCommands() {}

  /** The services the commands need, over the configured store. */
  private record Offline(MetadataStore store, ApiKeyService keys, UserService users)
      implements AutoCloseable {
    static Offline open() throws Exception {
      Config c = Config.fromEnv(System.getenv());
      Files.createDirectories(c.dataDir());
      System.setProperty("org.jooq.no-logo", "true");
      System.setProperty("org.jooq.no-tips", "true");
      MetadataStore store = Backends.metadata(c);
      byte[] cursorKey =
          Base64.getDecoder().decode(store.setting("cursor_hmac_key", AssetStoreServer::secret));
      Cursors cursors = new Cursors(cursorKey);
      AccessTokens tokens =
          new AccessTokens(store, AccountsWiring.jwtKey(c, store), Clock.systemUTC());
      return new Offline(
          store, new ApiKeyService(store, cursors), new UserService(store, cursors, tokens));
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** Runs a command body, turning the API's errors into a message on stderr and exit code. */
  private interface Body {
    int run(Offline o) throws Exception;
  }

  private static int run(Body body) {
    try (Offline o = Offline.open()) {
      return body.run(o);
    } catch (ValidationError e) {
      for (Problem p : e.problems()) {
        System.err.println("invalid " + p.loc().getLast() + ": " + p.msg());
      }
      return 2;
    } catch (ApiError e) {
      System.err.println("error: " + e.detail());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("error: " + e);
      return 1;
    }
  }

  static List<String> split(String scopes) {
    List<String> out = new ArrayList<>();
    if (scopes != null) {
      for (String s : scopes.split("[,\\s]+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  @Command(
      name = "users",
      description = "Manage users offline.",
      subcommands = {UsersCreate.class})
  static final class Users implements Callable<Integer> {
    @Override
    public Integer call() {
      System.err.println(
          "usage: asset-store users create <username> --scopes a,b --password-stdin");
      return 2;
    }
  }

  @Command(name = "create", description = "Create a user; the password is read from stdin.")
  static final class UsersCreate implements Callable<Integer> {
    @Parameters(index = "0", description = "The username.")
    String username;

    @Option(names = "--scopes", description = "Comma-separated scopes.", defaultValue = "")
    String scopes;

    @Option(names = "--email", description = "Optional e-mail address.")
    String email;

    @Option(
        names = "--password-stdin",
        required = true,
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      String password;
      try {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        password = in.readLine();
      } catch (java.io.IOException e) {
        System.err.println("could not read the password from stdin");
        return 2;
      }
      if (password == null || password.isEmpty()) {
        System.err.println("no password on stdin");
        return 2;
      }
      String pw = password;
      return run(
          o -> {
            UserRow u = o.users().createOffline(username, pw, email, split(scopes));
            PrintStream out = System.out;
            out.println("Created user " + u.username() + " (" + u.id() + ")");
            out.println("  scopes: " + String.join(",", u.scopes()));
            return 0;
          });
    }
  }

  @Command(
      name = "keys",
      description = "Manage API keys offline.",
      subcommands = {KeysCreate.class, KeysList.class})
  static final class Keys implements Callable<Integer> {
    @Override
    public Integer call() {
      System.err.println("usage: asset-store keys (create --label L --scopes a,b | list)");
      return 2;
    }
  }

  @Command(name = "create", description = "Create an API key and print it (shown once).")
  static final class KeysCreate implements Callable<Integer> {
    @Option(names = "--label", required = true, description = "What the key is for.")
    String label;

    @Option(names = "--scopes", description = "Comma-separated scopes.", defaultValue = "")
    String scopes;

    @Option(names = "--expires", description = "Optional RFC 3339 expiry.")
    String expires;

    @Override
    public Integer call() {
      return run(
          o -> {
            ApiKeyService.Created c = o.keys().createOffline(label, split(scopes), expires);
            System.out.println(
                "Created API key " + c.row().id() + " (" + c.row().label() + "), shown once:");
            System.out.println(c.rawKey());
            return 0;
          });
    }
  }

  @Command(name = "list", description = "List API keys (metadata only).")
  static final class KeysList implements Callable<Integer> {
    @Override
    public Integer call() {
      return run(
          o -> {
            String cursor = null;
            do {
              Map<String, List<String>> params = new java.util.HashMap<>();
              params.put("limit", List.of("250"));
              params.put("sort_order", List.of("asc"));
              if (cursor != null) {
                params.put("cursor", List.of(cursor));
              }
              Page<ApiKeyRow> page = o.keys().list(params);
              for (ApiKeyRow k : page.items()) {
                System.out.println(
                    String.join(
                        "\t",
                        k.id(),
                        k.label(),
                        k.prefix() + "…",
                        String.join(",", k.scopes()),
                        k.expires() == null ? "-" : Times.format(k.expires()),
                        k.lastUsed() == null ? "-" : Times.format(k.lastUsed())));
              }
              cursor = page.nextPage() ? page.nextCursor() : null;
            } while (cursor != null);
            return 0;
          });
    }
  }
}
