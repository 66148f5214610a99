package phantom.driver.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/** The error mapping, one row per answer the OpenStack services really give. */
class FaultTableTest {

    @ParameterizedTest(name = "{0} \"{1}\" -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            403 | Quota exceeded for instances: Requested 1, but already used 10 of 10 instances | QUOTA     | QuotaExceeded
            403 | Quota exceeded for cores: Requested 4, but already used 18 of 20 cores          | QUOTA     | QuotaExceeded
            413 | Quota exceeded for ram: Requested 4096, but already used 50000 of 51200 ram     | QUOTA     | QuotaExceeded
            413 | Maximum number of instances exceeded                                            | QUOTA     | QuotaExceeded
            403 | Maximum number of ports exceeded                                                | QUOTA     | QuotaExceeded
            413 | This request was rate-limited.                                                  | TRANSIENT | RateLimited
            429 | Too Many Requests                                                               | TRANSIENT | TooManyRequests
            409 | No valid host was found. There are not enough hosts available.                  | CAPACITY  | NoValidHost
            500 | No valid host was found. There are not enough hosts available.                  | CAPACITY  | NoValidHost
            500 | Exceeded maximum number of retries. Exhausted all hosts available for retrying  | CAPACITY  | NoValidHost
            400 | Can not find requested image                                                    | CONFIG    | ImageNotFound
            400 | Image 6b7d0c3e could not be found.                                              | CONFIG    | ImageNotFound
            400 | Invalid flavorRef provided.                                                     | CONFIG    | FlavorNotFound
            404 | Flavor m1.huge could not be found.                                              | CONFIG    | FlavorNotFound
            400 | Invalid key_name provided.                                                      | CONFIG    | KeyPairNotFound
            404 | Keypair mykey not found for user 1234                                           | CONFIG    | KeyPairNotFound
            400 | Unable to find security_group with name or id 'web'                             | CONFIG    | SecurityGroupNotFound
            400 | Network 0c6b7b0a could not be found.                                            | CONFIG    | NetworkNotFound
            409 | Multiple possible networks found, use a Network ID to be more specific.         | CONFIG    | AmbiguousNetwork
            400 | Invalid input for field/attribute metadata.                                     | CONFIG    | BadRequest
            401 | The request you have made requires authentication.                              | CONFIG    | Unauthorized
            403 | Policy doesn't allow os_compute_api:servers:create to be performed.             | CONFIG    | Forbidden
            404 | The resource could not be found.                                                | CONFIG    | NotFound
            409 | Cannot 'stop' instance while it is in task_state powering-off                   | TRANSIENT | Conflict
            500 | Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/     | TRANSIENT | InternalServerError
            502 | Bad Gateway                                                                     | TRANSIENT | BadGateway
            503 | Service Unavailable                                                             | TRANSIENT | ServiceUnavailable
            504 | Gateway Time-out                                                                | TRANSIENT | GatewayTimeout
            507 | Insufficient Storage                                                            | TRANSIENT | ServerError
            302 | Found                                                                           | CONFIG    | UnexpectedStatus
            """)
    void classifies(int status, String message, FaultClass expected, String code) {
        CloudFault fault = FaultTable.classify(status, message, "POST /servers");

        assertThat(fault.faultClass()).isEqualTo(expected);
        assertThat(fault.code()).isEqualTo(code);
        assertThat(fault.getMessage()).contains(message, "POST /servers", "HTTP " + status);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"badRequest": {"code": 400, "message": "Invalid flavorRef provided."}} | Invalid flavorRef provided.
            {"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}} | The request you have made requires authentication.
            {"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}} | Network x could not be found.
            <html><body><h1>503 Service Unavailable</h1>No server is available.</body></html> | 503 Service Unavailable No server is available.
            '' | HTTP 503
            """)
    void reads_the_message_from_each_services_error_body(String body, String message) {
        assertThat(new Reply(503, java.util.Optional.empty(), body).message()).isEqualTo(message);
    }

    @org.junit.jupiter.api.Test
    void a_server_fault_without_a_code_counts_as_500() {
        assertThat(FaultTable.serverFault(0, "Build of instance abc aborted: Failure prepping block device", "abc")
                .faultClass()).isEqualTo(FaultClass.TRANSIENT);
        assertThat(FaultTable.serverFault(500, "No valid host was found. ", "abc").faultClass())
                .isEqualTo(FaultClass.CAPACITY);
    }
}
