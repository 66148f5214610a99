package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class Ec2FaultsTest {

    @ParameterizedTest(name = "{0} with HTTP {1} is {2}")
    @CsvSource(nullValues = "-", value = {
            // no room on the site
            "InsufficientInstanceCapacity,        500, CAPACITY",
            "InsufficientInstanceCapacity,        400, CAPACITY",
            "InsufficientHostCapacity,            500, CAPACITY",
            "InsufficientCapacity,                500, CAPACITY",
            "InsufficientReservedInstanceCapacity,500, CAPACITY",
            "InsufficientFreeAddressesInSubnet,   400, CAPACITY",
            // the user's limits
            "InstanceLimitExceeded,               400, QUOTA",
            "VcpuLimitExceeded,                   400, QUOTA",
            "MaxSpotInstanceCountExceeded,        400, QUOTA",
            "VolumeLimitExceeded,                 400, QUOTA",
            "ResourceLimitExceeded,               400, QUOTA",
            // wrong image, key, type, keys, permissions
            "InvalidAMIID.NotFound,               400, CONFIG",
            "InvalidAMIID.Malformed,              400, CONFIG",
            "InvalidAMIID.Unavailable,            400, CONFIG",
            "InvalidKeyPair.NotFound,             400, CONFIG",
            "InvalidKeyPair.Format,               400, CONFIG",
            "AuthFailure,                         401, CONFIG",
            "AuthFailure,                         400, CONFIG",
            "UnauthorizedOperation,               403, CONFIG",
            "InvalidClientTokenId,                403, CONFIG",
            "SignatureDoesNotMatch,               403, CONFIG",
            "OptInRequired,                       401, CONFIG",
            "PendingVerification,                 400, CONFIG",
            "Blocked,                             400, CONFIG",
            "Unsupported,                         400, CONFIG",
            "InvalidParameterValue,               400, CONFIG",
            "InvalidInstanceType,                 400, CONFIG",
            "InvalidInstanceType.NotFound,        400, CONFIG",
            "InvalidGroup.NotFound,               400, CONFIG",
            "InvalidSecurityGroupID.NotFound,     400, CONFIG",
            "InvalidSubnetID.NotFound,            400, CONFIG",
            "InvalidUserData.Malformed,           400, CONFIG",
            "MissingParameter,                    400, CONFIG",
            "IdempotentParameterMismatch,         400, CONFIG",
            "UnknownThing.Malformed,              400, CONFIG",
            // pass by themselves
            "RequestLimitExceeded,                503, TRANSIENT",
            "RequestLimitExceeded,                400, TRANSIENT",
            "Throttling,                          400, TRANSIENT",
            "ThrottlingException,                 400, TRANSIENT",
            "SomeNewThrottlingCode,               400, TRANSIENT",
            "InternalError,                       500, TRANSIENT",
            "InternalFailure,                     500, TRANSIENT",
            "ServiceUnavailable,                  503, TRANSIENT",
            "Unavailable,                         503, TRANSIENT",
            "RequestExpired,                      400, TRANSIENT",
            "InvalidPaginationToken,              400, TRANSIENT",
            "IncorrectInstanceState,              400, TRANSIENT",
            "ConcurrentTagAccess,                 400, TRANSIENT",
            // unknown codes: decided by the status
            "SomethingNew,                        500, TRANSIENT",
            "SomethingNew,                        503, TRANSIENT",
            "SomethingNew,                        429, TRANSIENT",
            "SomethingNew,                        401, CONFIG",
            "SomethingNew,                        403, CONFIG",
            "SomethingNew,                        400, TRANSIENT",
            "-,                                   500, TRANSIENT",
            "-,                                   403, CONFIG",
            "-,                                   404, TRANSIENT",
    })
    void classify(String code, int status, FaultClass expected) {
        assertThat(Ec2Faults.classify(code, status)).isEqualTo(expected);
    }

    @Test
    void a_service_error_keeps_its_code_and_message_and_names_the_site_and_action() {
        CloudFault f = Ec2Faults.of("aws", "RunInstances", Ec2Exception.builder().statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InsufficientInstanceCapacity")
                        .errorMessage("no m1.small in us-east-1a").build())
                .build());
        assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY);
        assertThat(f.code()).isEqualTo("InsufficientInstanceCapacity");
        assertThat(f.getMessage()).isEqualTo("site aws, RunInstances: no m1.small in us-east-1a");
    }

    @Test
    void an_error_without_a_code_is_named_by_its_status() {
        CloudFault f = Ec2Faults.of("aws", "DescribeInstances", Ec2Exception.builder().statusCode(401)
                .awsErrorDetails(AwsErrorDetails.builder().build()).build());
        assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
        assertThat(f.code()).isEqualTo("HTTP401");
        assertThat(f.getMessage()).contains("did not accept the credentials");
    }

    @Test
    void terminating_a_missing_or_malformed_id_is_gone_but_other_errors_are_not() {
        assertThat(Ec2Faults.isGone(error("InvalidInstanceID.NotFound"))).isTrue();
        assertThat(Ec2Faults.isGone(error("InvalidInstanceID.Malformed"))).isTrue();
        assertThat(Ec2Faults.isGone(error("UnauthorizedOperation"))).isFalse();
        assertThat(Ec2Faults.isGone(error(null))).isFalse();
    }

    private static Ec2Exception error(String code) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void failures_on_our_side_of_the_wire_are_transient_and_named() {
        assertThat(Ec2Faults.clientCode(ApiCallTimeoutException.create(30_000))).isEqualTo("Timeout");
        assertThat(Ec2Faults.clientCode(client(new SocketTimeoutException("read timed out")))).isEqualTo("Timeout");
        assertThat(Ec2Faults.clientCode(client(new ConnectException("refused")))).isEqualTo("ConnectionRefused");
        assertThat(Ec2Faults.clientCode(client(new UnknownHostException("ec2.nowhere")))).isEqualTo("UnknownHost");
        assertThat(Ec2Faults.clientCode(client(new IOException("reset")))).isEqualTo("IOError");
        assertThat(Ec2Faults.clientCode(SdkClientException.create("unreadable"))).isEqualTo("SdkClientException");
        assertThat(Ec2Faults.of("aws", "TerminateInstances", client(new ConnectException("refused"))).faultClass())
                .isEqualTo(FaultClass.TRANSIENT);
    }

    private static SdkClientException client(Throwable cause) {
        return SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause);
    }
}
