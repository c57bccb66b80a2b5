package routes;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import base.ApiReply;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

/**
 * GET /api/openapi.json: the OpenAPI 3 document of the rest: blocks, as camel-openapi-java reads
 * them, completed with what the door adds to every operation (Camel cannot know it): the JSON
 * envelope as the schema of each answer, and the door's own refusals (400, 401, 413, 415, 500).
 */
public final class ApiDocument {
    static final String OK_SCHEMA = "Ok";
    static final String FAILURE_SCHEMA = "Failure";
    private final CamelContext context;
    private final String version;

    private final ApiTable table;

    public ApiDocument(CamelContext context, ApiTable table, String version) {
        this.context = context;
        this.table = table;
        this.version = version;
    }

    /** The document as the route answers it: JSON, not wrapped in the {ok} envelope. */
    public ApiReply reply() throws Exception {
        return new ApiReply(200, ApiReply.JSON, json().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public String json() throws Exception {
        BeanConfig config = new BeanConfig();
        config.setTitle("EchoPilot Reliability API");
        config.setVersion("3.0.3");
        config.setDefaultConsumes(ApiReply.JSON);
        config.setDefaultProduces(ApiReply.JSON);
        OpenAPI doc = new RestOpenApiReader().read(context, ((ModelCamelContext) context).getRestDefinitions(), config,
                context.getName(), context.getClassResolver());
        doc.setInfo(new Info().title("EchoPilot Reliability API").version(version)
                .description("SLO budget, incidents, autoscale, customer portal and cost guardrails. Every answer is JSON:"
                        + " {\"ok\":true,...} or {\"ok\":false,\"error\":\"<what and why>\"}; the portal's download is a file."));
        doc.setServers(List.of(new Server().url("/").description("the daemon itself (HTTP_HOST:HTTP_PORT)")));
        doc.getComponents().addSchemas(OK_SCHEMA, new ObjectSchema().addProperty("ok", flag(true))
                .required(List.of("ok")).description("success: ok is true, the other fields are the operation's"));
        doc.getComponents().addSchemas(FAILURE_SCHEMA, new ObjectSchema().addProperty("ok", flag(false))
                .addProperty("error", new StringSchema().description("what was wrong and what to do"))
                .required(List.of("ok", "error")).description("failure: ok is false, error says why"));
        List<RestDefinition> rests = ((ModelCamelContext) context).getRestDefinitions();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            table.find(method.name(), path).ifPresent(e -> requestBody(op, e));
            complete(op, declaredTypes(rests, op.getOperationId()));
        }));
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(doc, config);
    }

    /** A body is optional on every operation that consumes one; its types are the verb's consumes. */
    private static void requestBody(Operation op, ApiEndpoint endpoint) {
        if (endpoint.bodyTypes().isEmpty()) {
            op.setRequestBody(null);
            return;
        }
        Content content = new Content();
        endpoint.bodyTypes().stream().sorted().forEach(type -> content.addMediaType(type, new MediaType()
                .schema(type.equals(ApiReply.JSON) ? new Schema<>().description("a JSON object, or for a batch a JSON array")
                        : new StringSchema().description("one JSON object per line"))));
        op.setRequestBody(new RequestBody().required(false).content(content)
                .description("at most " + endpoint.maxBodyBytes() / 1024 + " KiB, UTF-8"));
    }

    /** Answers whose responseMessage names a contentType (a file, not the envelope), by status. */
    private static Map<String, String> declaredTypes(List<RestDefinition> rests, String operationId) {
        Map<String, String> types = new HashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (operationId != null && operationId.equals(verb.getId()) && verb.getResponseMsgs() != null) {
                    for (ResponseMessageDefinition m : verb.getResponseMsgs()) {
                        if (m.getContentType() != null) {
                            types.put(m.getCode(), m.getContentType());
                        }
                    }
                }
            }
        }
        return types;
    }

    /** The envelope on every JSON answer, and the refusals every operation can meet at the door. */
    private static void complete(Operation op, Map<String, String> declaredTypes) {
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        boolean keyed = op.getSecurity() == null;
        boolean body = op.getRequestBody() != null;
        door(responses, "400", body ? "bad JSON, a wrong type or a missing field, a body that is not UTF-8, a bad %-escape"
                : "a bad parameter or %-escape");
        if (keyed) {
            door(responses, "401", "missing or wrong X-Dash-Key");
        }
        door(responses, "413", body ? "the body is over the operation's limit (64 KiB; NDJSON batches 8 MiB)" : "a body was sent");
        if (body) {
            door(responses, "415", "a Content-Type the operation does not consume");
        }
        door(responses, "500", "the daemon failed; its log has the details");
        responses.forEach((code, r) -> {
            String declared = declaredTypes.get(code);
            if (declared != null) {
                // a declared type is not the envelope: a JSON document of its own, or a file
                Schema<?> own = declared.equals(ApiReply.JSON) ? new ObjectSchema() : new StringSchema().format("binary");
                r.setContent(new Content().addMediaType(declared, new MediaType().schema(own)));
            } else {
                String schema = code.startsWith("2") ? OK_SCHEMA : FAILURE_SCHEMA;
                r.setContent(new Content().addMediaType(ApiReply.JSON, new MediaType().schema(new Schema<>().$ref(schema))));
            }
        });
        op.setResponses(responses);
    }

    private static Schema<Boolean> flag(boolean value) {
        BooleanSchema flag = new BooleanSchema();
        flag.setEnum(List.of(value));
        return flag;
    }

    private static void door(ApiResponses responses, String code, String why) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(why));
        }
    }
}
