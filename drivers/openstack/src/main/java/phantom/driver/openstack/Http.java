package phantom.driver.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/**
 * JSON over the JDK's HTTP client. Network failures come back as TRANSIENT faults; HTTP error
 * statuses come back as replies, for the caller to classify. Nothing here logs bodies or tokens.
 */
final class Http {
    static final String AUTH_TOKEN = "X-Auth-Token";
    static final String SUBJECT_TOKEN = "X-Subject-Token";

    private final HttpClient client;
    private final Duration timeout;

    Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param token the {@code X-Auth-Token} to send, or null
     * @param body the JSON body, or null for none
     */
    Reply send(String method, URI uri, String token, JsonNode body) throws CloudFault {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "phantom-openstack-driver");
        if (token != null) {
            request.header(AUTH_TOKEN, token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String where = method + " " + withoutQuery(uri);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue(SUBJECT_TOKEN), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "ConnectTimeout", where + ": no connection within " + timeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "Timeout", where + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "ConnectionFailed", where + ": cannot connect (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "IOError", where + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudFault(FaultClass.TRANSIENT, "Interrupted", where + ": interrupted", e);
        }
    }

    private static String write(JsonNode body) {
        try {
            return Reply.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }
}
