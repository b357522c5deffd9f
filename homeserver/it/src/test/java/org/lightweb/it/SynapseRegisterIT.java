package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compatibility with Synapse's own tooling: its register_new_matrix_user script creates users on Lightweb through
 * the shared-secret admin API. The script comes from LIGHTWEB_SYNAPSE_BIN (a venv's bin directory, as .ci/run
 * makes with {@code pip install matrix-synapse}) or the PATH; without it the test is skipped, unless
 * LIGHTWEB_REQUIRE_SYNAPSE_TESTS=1.
 */
class SynapseRegisterIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_SYNAPSE_TESTS";
    private static final String SCRIPT = "register_new_matrix_user";
    /** The shared secret of every TestNode. */
    private static final String SHARED_SECRET = "test-shared-secret";
    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    private Path script;

    @BeforeEach
    void findScript() {
        String bin = System.getenv("LIGHTWEB_SYNAPSE_BIN");
        Optional<Path> found = bin != null && !bin.isBlank()
                ? Optional.of(Path.of(bin, SCRIPT)).filter(Files::isExecutable)
                : ExternalTool.onPath(SCRIPT);
        ExternalTool.requireOrSkip(found.isPresent(), REQUIRE, SCRIPT + " not found in "
                + (bin != null && !bin.isBlank() ? "LIGHTWEB_SYNAPSE_BIN=" + bin : "the PATH")
                + " (pip install matrix-synapse into a venv and set LIGHTWEB_SYNAPSE_BIN to its bin directory)");
        script = found.get();
    }

    private ExternalTool.Result register(String user, String... options) {
        return registerWithSecret(SHARED_SECRET, user, options);
    }

    private ExternalTool.Result registerWithSecret(String secret, String user, String... options) {
        List<String> command = new ArrayList<>(List.of(script.toString(), "-u", user, "-p", PASSWORD, "-k", secret));
        command.addAll(List.of(options));
        command.add(node.baseUrl());
        return ExternalTool.run(command, node.dataDir(), Map.of(), Duration.ofMinutes(2));
    }

    private String loginToken(String user) {
        var login = node.client().login(user, PASSWORD, null);
        assertThat(login.status()).withFailMessage("login as %s: %s %s", user, login.status(), login.body()).isEqualTo(200);
        return login.json().get("access_token").asText();
    }

    @Test
    void registerNewMatrixUserShouldCreateAnOrdinaryUserWhenNoAdminIsAsked() {
        var result = register("bob", "--no-admin");

        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        String token = loginToken("bob");
        var whoami = node.client().get("/_matrix/client/v3/account/whoami", token);
        assertThat(whoami.json().path("user_id").asText()).isEqualTo("@bob:" + node.serverName());
        var adminOnly = node.client().get("/_synapse/admin/v1/registration_tokens", token);
        assertThat(adminOnly.status()).isEqualTo(403);
        assertThat(adminOnly.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void registerNewMatrixUserShouldCreateAServerAdminWhenAdminIsAsked() {
        var result = register("alice", "--admin");

        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        var adminOnly = node.client().get("/_synapse/admin/v1/registration_tokens", loginToken("alice"));
        assertThat(adminOnly.status()).withFailMessage("admin endpoint: %s %s", adminOnly.status(), adminOnly.body())
                .isEqualTo(200);
        assertThat(adminOnly.json().path("registration_tokens").isArray()).isTrue();
    }

    @Test
    void registerNewMatrixUserShouldCreateABotWhenAUserTypeIsGiven() {
        var result = register("helper-bot", "--no-admin", "-t", "bot");

        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        assertThat(loginToken("helper-bot")).isNotBlank();
    }

    @Test
    void registerNewMatrixUserShouldFailWhenTheUserExists() {
        assertThat(register("carol", "--no-admin").exitCode()).isZero();

        var again = register("carol", "--no-admin");

        assertThat(again.exitCode()).withFailMessage(again::describe).isNotZero();
        assertThat(again.output()).contains("User ID already taken");
    }

    @Test
    void registerNewMatrixUserShouldSkipQuietlyWhenTheUserExistsAndExistsOkIsGiven() {
        assertThat(register("dave", "--no-admin").exitCode()).isZero();

        var again = register("dave", "--no-admin", "--exists-ok");

        assertThat(again.exitCode()).withFailMessage(again::describe).isZero();
        assertThat(again.output()).contains("User already exists");
    }

    @Test
    void registerNewMatrixUserShouldBeRefusedWhenTheSharedSecretIsWrong() {
        var result = registerWithSecret("not-the-secret", "mallory", "--admin");

        assertThat(result.exitCode()).withFailMessage(result::describe).isNotZero();
        assertThat(result.output()).contains("HMAC incorrect");
        assertThat(node.client().login("mallory", PASSWORD, null).status()).isEqualTo(403);
    }
}
