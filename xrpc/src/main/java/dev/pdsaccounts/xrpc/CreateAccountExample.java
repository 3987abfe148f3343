package dev.pdsaccounts.xrpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdsaccounts.PdsAccounts;
import dev.pdsaccounts.account.CreateAccountInput;
import dev.pdsaccounts.account.CreateAccountOutput;
import dev.pdsaccounts.config.PdsConfig;
import dev.pdsaccounts.config.PdsSecrets;
import dev.pdsaccounts.error.LexiconException;
import dev.pdsaccounts.store.sqlite.SqliteAccountStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The smallest embedding: creates an account on the embedded default store (SQLite) and prints the
 * {@code com.atproto.server.createAccount} output, then the typed error a second sign-up with the same handle
 * gets. Run it with
 * {@code java -cp xrpc/target/pdsaccounts-xrpc-demo.jar dev.pdsaccounts.xrpc.CreateAccountExample [file.sqlite]}.
 */
public final class CreateAccountExample {
    private CreateAccountExample() {}

    /**
     * Runs the example.
     *
     * @param args optionally the SQLite file to use (default: a new file in a temporary folder)
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0])
                : Files.createTempDirectory("pdsaccounts-example").resolve("accounts.sqlite");
        try (SqliteAccountStore store = SqliteAccountStore.open(file)) {
            PdsAccounts pds = PdsAccounts.builder()
                    .config(PdsConfig.builder("localhost").build())                  // handles end in .test
                    .secrets(PdsSecrets.generateForDevelopment(new SecureRandom())) // development only
                    .store(store)
                    .developmentDoubles()   // in-memory PLC directory and outbox: nothing is published or sent
                    .build();
            String code = pds.invites().createInviteCode(1, Optional.empty());
            String name = "alice" + Long.toString(System.nanoTime() % 1_000_000, 36);
            CreateAccountInput input = CreateAccountInput.builder()
                    .handle(name + ".test")
                    .email(name + "@example.com")
                    .password("correct horse battery staple")
                    .inviteCode(code)
                    .build();
            CreateAccountOutput out = pds.accounts().createAccount(input);
            System.out.println("store: " + file.toAbsolutePath());
            System.out.println("com.atproto.server.createAccount ->");
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(AccountRoutes.createAccountOutput(out)));
            try {
                pds.accounts().createAccount(CreateAccountInput.builder().handle(name.toUpperCase() + ".TEST")
                        .email("other@example.com").password("pw")
                        .inviteCode(pds.invites().createInviteCode(1, Optional.empty())).build());
            } catch (LexiconException e) {
                ObjectNode error = Json.object().put("error", e.errorName()).put("message", e.getMessage());
                System.out.println("the same handle again -> HTTP " + e.status() + " "
                        + Json.mapper().writeValueAsString(error));
            }
        }
    }
}
