package phantom.bench.load;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One Query API request, SigV4-signed by the AWS SDK's own signer, as the raw bytes of an HTTP/1.1
 * request that a client can send again and again on a kept-alive connection. A signature stays
 * valid for minutes (AWS allows 15 minutes of clock skew), so one signed request serves a run.
 */
final class SignedQuery {

    private SignedQuery() {
    }

    /**
     * @param form the body, e.g. {@code Action=DescribeAutoScalingGroups&MaxRecords=100&Version=2011-01-01}
     */
    static byte[] post(URI endpoint, String accessKey, String secretKey, String form) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "autoscaling")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request();
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
            host |= h.getKey().equalsIgnoreCase("Host");
            head.append(h.getKey()).append(": ").append(String.join(",", h.getValue())).append("\r\n");
        }
        if (!host) {
            head.append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
