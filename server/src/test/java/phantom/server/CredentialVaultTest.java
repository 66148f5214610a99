package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialVaultTest {
    @TempDir
    Path dir;

    @Test
    void sealed_values_open_only_for_their_user_and_site_and_key() {
        CredentialVault vault = CredentialVault.open(dir.resolve("k"));
        Map<String, String> values = Map.of("password", "p \n= ü", "username", "alice");
        byte[] sealed = vault.seal("alice", "chameleon", values);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("alice");
        assertThat(vault.open("alice", "chameleon", sealed)).isEqualTo(values);
        assertThat(CredentialVault.open(dir.resolve("k")).open("alice", "chameleon", sealed)).isEqualTo(values);
        assertThatThrownBy(() -> vault.open("bob", "chameleon", sealed)).hasMessageContaining("do not decrypt");
        assertThatThrownBy(() -> vault.open("alice", "ec2", sealed)).hasMessageContaining("do not decrypt");
        assertThatThrownBy(() -> CredentialVault.open(dir.resolve("other")).open("alice", "chameleon", sealed))
                .hasMessageContaining("do not decrypt");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.open("alice", "chameleon", sealed)).hasMessageContaining("do not decrypt");
    }
}
