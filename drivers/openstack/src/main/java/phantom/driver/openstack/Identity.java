package phantom.driver.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/**
 * Who a user is to Keystone v3: a password scoped to a project, or an application credential (which
 * carries its own project). Equal identities share a cached token. {@code toString()} never shows
 * secrets.
 */
sealed interface Identity {

    String USERNAME = "username";
    String PASSWORD = "password";
    String PROJECT_NAME = "project_name";
    String PROJECT_ID = "project_id";
    String USER_DOMAIN_NAME = "user_domain_name";
    String PROJECT_DOMAIN_NAME = "project_domain_name";
    String APPLICATION_CREDENTIAL_ID = "application_credential_id";
    String APPLICATION_CREDENTIAL_SECRET = "application_credential_secret";

    /** The names of the password form, the one a site advertises (the application credential form is also accepted). */
    List<String> PASSWORD_NAMES = List.of(USERNAME, PASSWORD, PROJECT_NAME);

    List<String> APPLICATION_CREDENTIAL_NAMES = List.of(APPLICATION_CREDENTIAL_ID, APPLICATION_CREDENTIAL_SECRET);

    /** Every name {@link #of} reads. */
    java.util.Set<String> NAMES = java.util.Set.of(USERNAME, PASSWORD, PROJECT_NAME, PROJECT_ID, USER_DOMAIN_NAME,
            PROJECT_DOMAIN_NAME, APPLICATION_CREDENTIAL_ID, APPLICATION_CREDENTIAL_SECRET);

    /** The body of {@code POST /v3/auth/tokens}. */
    ObjectNode authRequest();

    record Password(String username, String userDomainName, String password, String projectName, String projectId,
            String projectDomainName) implements Identity {

        @Override
        public ObjectNode authRequest() {
            JsonNodeFactory json = JsonNodeFactory.instance;
            ObjectNode auth = json.objectNode();
            ObjectNode identity = auth.putObject("auth").putObject("identity");
            identity.putArray("methods").add("password");
            ObjectNode user = identity.putObject("password").putObject("user");
            user.put("name", username);
            user.putObject("domain").put("name", userDomainName);
            user.put("password", password);
            ObjectNode project = ((ObjectNode) auth.get("auth")).putObject("scope").putObject("project");
            if (projectId != null) {
                project.put("id", projectId);
            } else {
                project.put("name", projectName);
                project.putObject("domain").put("name", projectDomainName);
            }
            return auth;
        }

        @Override
        public String toString() {
            return "password of " + username + "@" + userDomainName + " for project "
                    + (projectId != null ? projectId : projectName + "@" + projectDomainName);
        }
    }

    record ApplicationCredential(String id, String secret) implements Identity {

        @Override
        public ObjectNode authRequest() {
            ObjectNode auth = JsonNodeFactory.instance.objectNode();
            ObjectNode identity = auth.putObject("auth").putObject("identity");
            identity.putArray("methods").add("application_credential");
            identity.putObject("application_credential").put("id", id).put("secret", secret);
            return auth;
        }

        @Override
        public String toString() {
            return "application credential " + id;
        }
    }

    /**
     * Reads one user's credentials for a site: either the password form or the application credential
     * form, not both. The site's domain options fill in domains the credentials leave out.
     */
    static Identity of(CloudCredentials credentials, SiteOptions site) throws CloudFault {
        boolean appCred = has(credentials, APPLICATION_CREDENTIAL_ID) || has(credentials, APPLICATION_CREDENTIAL_SECRET);
        boolean password = has(credentials, USERNAME) || has(credentials, PASSWORD);
        if (appCred && password) {
            throw missing(site, "credentials have both a password (" + USERNAME + ", " + PASSWORD
                    + ") and an application credential; set only one of the two");
        }
        if (appCred) {
            List<String> absent = absent(credentials, APPLICATION_CREDENTIAL_NAMES);
            if (!absent.isEmpty()) {
                throw missing(site, "application credential is missing " + String.join(", ", absent));
            }
            return new ApplicationCredential(
                    credentials.get(APPLICATION_CREDENTIAL_ID).trim(), credentials.get(APPLICATION_CREDENTIAL_SECRET));
        }
        List<String> absent = absent(credentials, List.of(USERNAME, PASSWORD));
        if (!has(credentials, PROJECT_NAME) && !has(credentials, PROJECT_ID)) {
            absent.add(PROJECT_NAME + " (or " + PROJECT_ID + ")");
        }
        if (!absent.isEmpty()) {
            throw missing(site, "credentials are missing " + String.join(", ", absent) + "; set "
                    + String.join(", ", PASSWORD_NAMES) + " (or " + PROJECT_ID + "), or "
                    + String.join(" and ", APPLICATION_CREDENTIAL_NAMES));
        }
        return new Password(
                credentials.get(USERNAME).trim(),
                orDefault(credentials, USER_DOMAIN_NAME, site.userDomainName()),
                credentials.get(PASSWORD),
                has(credentials, PROJECT_NAME) ? credentials.get(PROJECT_NAME).trim() : null,
                has(credentials, PROJECT_ID) ? credentials.get(PROJECT_ID).trim() : null,
                orDefault(credentials, PROJECT_DOMAIN_NAME, site.projectDomainName()));
    }

    private static boolean has(CloudCredentials credentials, String name) {
        String value = credentials.get(name);
        return value != null && !value.isBlank();
    }

    private static List<String> absent(CloudCredentials credentials, List<String> names) {
        List<String> absent = new ArrayList<>();
        for (String name : names) {
            if (!has(credentials, name)) {
                absent.add(name);
            }
        }
        return absent;
    }

    private static String orDefault(CloudCredentials credentials, String name, String fallback) {
        return has(credentials, name) ? credentials.get(name).trim() : fallback;
    }

    private static CloudFault missing(SiteOptions site, String problem) {
        return new CloudFault(FaultClass.CONFIG, "MissingCredentials", "site " + site.site() + ": " + problem);
    }
}
