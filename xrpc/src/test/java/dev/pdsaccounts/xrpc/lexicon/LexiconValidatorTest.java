package dev.pdsaccounts.xrpc.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdsaccounts.xrpc.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator's rules and the reference's wording, over the shipped lexicons. */
class LexiconValidatorTest {
    static final LexiconValidator V = new LexiconValidator(LexiconRegistry.load(List.of(
            "com.atproto.server.createAccount", "com.atproto.server.createInviteCode",
            "com.atproto.server.createInviteCodes", "com.atproto.server.getAccountInviteCodes",
            "com.atproto.server.describeServer", "com.atproto.server.getServiceAuth",
            "com.atproto.server.requestAccountDelete", "com.atproto.admin.getInviteCodes",
            "com.atproto.admin.getAccountInfos", "com.atproto.admin.updateSubjectStatus",
            "com.atproto.admin.updateAccountEmail", "com.atproto.account.create"), Json.mapper()));

    static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String inputError(String nsid, String body) {
        return assertThrows(LexiconValidationException.class, () -> V.validateInput(nsid, json(body))).getMessage();
    }

    static String paramsError(String nsid, Map<String, List<String>> params) {
        return assertThrows(LexiconValidationException.class, () -> V.validateParams(nsid, params)).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|Input must have the property \"handle\"",
        "{'handle':'bad handle'}|Input/handle must be a valid handle",
        "{'handle':null}|Input/handle must be a string",
        "{'handle':5}|Input/handle must be a string",
        "{'handle':'alice.test','email':5}|Input/email must be a string",
        "{'handle':'alice.test','email':['a']}|Input/email must be a string",
        "{'handle':'alice.test','did':'plc:abc'}|Input/did must be a valid did",
        "{'handle':'alice.test','plcOp':'op'}|Input/plcOp must be an object",
        "{'handle':'alice.test','plcOp':[1]}|Input/plcOp must be an object",
        "[]|Input must be an object",
        "5|Input must be an object",
    })
    void createAccountInputErrors(String body, String message) {
        assertEquals(message, inputError("com.atproto.server.createAccount", body));
    }

    @Test
    void validInputPassesWithUndeclaredPropertiesKept() {
        JsonNode in = json("{'handle':'Alice.test','email':'a@b.test','extra':{'x':1},'plcOp':{'any':[1]}}");
        assertEquals(in, V.validateInput("com.atproto.server.createAccount", in));
    }

    @Test
    void missingBodyIsNotAnObject() {
        assertEquals("Input must be an object", assertThrows(LexiconValidationException.class,
                () -> V.validateInput("com.atproto.server.createAccount", null)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|Input must have the property \"useCount\"",
        "{'useCount':'5'}|Input/useCount must be an integer",
        "{'useCount':1.5}|Input/useCount must be an integer",
        "{'useCount':true}|Input/useCount must be an integer",
        "{'useCount':null}|Input/useCount must be an integer",
        "{'useCount':1,'forAccount':'nope'}|Input/forAccount must be a valid did",
    })
    void createInviteCodeInputErrors(String body, String message) {
        assertEquals(message, inputError("com.atproto.server.createInviteCode", body));
    }

    @Test
    void integralNumbersAreIntegersAndHugeOnesSaturate() {
        assertEquals(2L, V.validateInput("com.atproto.server.createInviteCode", json("{'useCount':2.0}"))
                .get("useCount").longValue());
        assertEquals(Long.MAX_VALUE, V.validateInput("com.atproto.server.createInviteCode",
                json("{'useCount':100000000000000000000000}")).get("useCount").longValue());
        assertEquals(Long.MIN_VALUE, V.validateInput("com.atproto.server.createInviteCode",
                json("{'useCount':-1e30}")).get("useCount").longValue());
    }

    @Test
    void defaultsAreApplied() {
        JsonNode out = V.validateInput("com.atproto.server.createInviteCodes", json("{'useCount':3}"));
        assertEquals(1, out.get("codeCount").asInt(), "codeCount defaults to 1");
        assertEquals("Input/forAccounts/1 must be a valid did", inputError("com.atproto.server.createInviteCodes",
                "{'useCount':1,'forAccounts':['did:plc:abc','x']}"));
        assertEquals("Input/forAccounts must be an array", inputError("com.atproto.server.createInviteCodes",
                "{'useCount':1,'forAccounts':'did:plc:abc'}"));
        assertEquals("Input/forAccounts/0 must be a string", inputError("com.atproto.server.createInviteCodes",
                "{'useCount':1,'forAccounts':[1]}"));
    }

    @Test
    void legacyInputsHaveTheirOwnRequiredFields() {
        assertEquals("Input must have the property \"email\"",
                inputError("com.atproto.account.create", "{'handle':'a.test'}"));
        // Legacy handles are plain strings: the library checks them.
        V.validateInput("com.atproto.account.create", json("{'handle':'not a handle','email':'e','password':'p'}"));
    }

    @Test
    void atIdentifierFormat() {
        V.validateInput("com.atproto.admin.updateAccountEmail", json("{'account':'alice.test','email':'x'}"));
        V.validateInput("com.atproto.admin.updateAccountEmail", json("{'account':'did:plc:abc','email':'x'}"));
        assertEquals("Input/account must be a valid did or a handle",
                inputError("com.atproto.admin.updateAccountEmail", "{'account':'did:bad','email':'x'}"));
    }

    @Test
    void unions() {
        String nsid = "com.atproto.admin.updateSubjectStatus";
        assertEquals("Input/subject must be an object which includes the \"$type\" property",
                inputError(nsid, "{'subject':{'did':'did:plc:abc'}}"));
        assertEquals("Input/subject/did must be a valid did",
                inputError(nsid, "{'subject':{'$type':'com.atproto.admin.defs#repoRef','did':'x'}}"));
        assertEquals("Input/takedown must have the property \"applied\"", inputError(nsid,
                "{'subject':{'$type':'com.atproto.admin.defs#repoRef','did':'did:plc:abc'},'takedown':{}}"));
        V.validateInput(nsid, json("{'subject':{'$type':'com.atproto.admin.defs#repoRef','did':'did:plc:abc'},"
                + "'takedown':{'applied':true,'ref':'r1'}}"));
        // com.atproto.repo.strongRef is outside the shipped set: any object passes; open unions accept others.
        V.validateInput(nsid, json("{'subject':{'$type':'com.atproto.repo.strongRef','uri':'x'}}"));
        V.validateInput(nsid, json("{'subject':{'$type':'com.example.other','x':1}}"));
    }

    @Test
    void paramsAreDecodedTypedAndDefaulted() {
        JsonNode p = V.validateParams("com.atproto.server.getAccountInviteCodes", Map.of());
        assertTrue(p.get("includeUsed").asBoolean());
        assertTrue(p.get("createAvailable").asBoolean());
        p = V.validateParams("com.atproto.server.getAccountInviteCodes",
                Map.of("includeUsed", List.of("false"), "unknown", List.of("x")));
        assertFalse(p.get("includeUsed").asBoolean());
        assertFalse(p.has("unknown"));
        assertEquals("Params/includeUsed must be a boolean", paramsError("com.atproto.server.getAccountInviteCodes",
                Map.of("includeUsed", List.of("maybe"))));

        p = V.validateParams("com.atproto.admin.getInviteCodes", Map.of());
        assertEquals(100, p.get("limit").asInt());
        assertEquals("recent", p.get("sort").asText());
        p = V.validateParams("com.atproto.admin.getInviteCodes", Map.of("limit", List.of("")));
        assertEquals(100, p.get("limit").asInt(), "an empty value is absent");
        assertEquals("Params/limit can not be less than 1",
                paramsError("com.atproto.admin.getInviteCodes", Map.of("limit", List.of("0"))));
        assertEquals("Params/limit can not be greater than 500",
                paramsError("com.atproto.admin.getInviteCodes", Map.of("limit", List.of("501"))));
        assertEquals("Params/limit must be an integer",
                paramsError("com.atproto.admin.getInviteCodes", Map.of("limit", List.of("ten"))));
        assertEquals("Params/limit can not be greater than 500", paramsError("com.atproto.admin.getInviteCodes",
                Map.of("limit", List.of("99999999999999999999999"))));

        assertEquals("Params must have the property \"aud\"",
                paramsError("com.atproto.server.getServiceAuth", Map.of()));
        assertEquals("Params/aud must not be longer than 2048 characters", paramsError(
                "com.atproto.server.getServiceAuth", Map.of("aud", List.of("did:web:" + "a".repeat(2048)))));
        assertEquals("Params/lxm must be a valid nsid", paramsError("com.atproto.server.getServiceAuth",
                Map.of("aud", List.of("did:web:x.test"), "lxm", List.of("not an nsid"))));

        p = V.validateParams("com.atproto.admin.getAccountInfos",
                Map.of("dids", List.of("did:plc:aaa", "did:plc:bbb")));
        assertEquals(2, p.get("dids").size());
        assertEquals("Params/dids/1 must be a valid did", paramsError("com.atproto.admin.getAccountInfos",
                Map.of("dids", List.of("did:plc:aaa", "bad"))));
        assertEquals("Params must have the property \"dids\"",
                paramsError("com.atproto.admin.getAccountInfos", Map.of()));
    }

    @Test
    void outputs() {
        assertEquals("Output must have the property \"did\"", assertThrows(LexiconValidationException.class,
                () -> V.validateOutput("com.atproto.server.describeServer",
                        json("{'availableUserDomains':['.test']}"))).getMessage());
        V.validateOutput("com.atproto.server.describeServer",
                json("{'did':'did:web:pds.test','availableUserDomains':['.test'],'links':{},'contact':{}}"));
        assertEquals("Output/codes/0/uses/0/usedBy must be a valid did", assertThrows(
                LexiconValidationException.class, () -> V.validateOutput("com.atproto.admin.getInviteCodes",
                        json("{'codes':[{'code':'c','available':1,'disabled':false,'forAccount':'admin',"
                                + "'createdBy':'admin','createdAt':'2024-01-01T00:00:00.000Z',"
                                + "'uses':[{'usedBy':'nope','usedAt':'2024-01-01T00:00:00.000Z'}]}]}")))
                .getMessage());
        assertEquals("A response body was provided when none was expected", assertThrows(
                LexiconValidationException.class,
                () -> V.validateOutput("com.atproto.server.requestAccountDelete", json("{}"))).getMessage());
        assertNull(V.validateOutput("com.atproto.server.requestAccountDelete", null));
        assertEquals("A response body is expected but none was provided", assertThrows(
                LexiconValidationException.class,
                () -> V.validateOutput("com.atproto.server.describeServer", null)).getMessage());
    }

    @Test
    void unknownMethodIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> V.validateInput("com.example.nothing", json("{}")));
        assertThrows(IllegalArgumentException.class,
                () -> LexiconRegistry.load(List.of("com.example.nothing"), Json.mapper()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "datetime|2024-01-15T10:30:00.000Z|true",
        "datetime|2024-01-15|false",
        "uri|https://example.com/privacy|true",
        "uri|not a uri|false",
        "at-uri|at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a|true",
        "at-uri|at://alice.test|true",
        "at-uri|at://alice.test/|false",
        "at-uri|https://alice.test|false",
        "at-uri|at://alice.test/not an nsid|false",
        "cid|bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm|true",
        "cid|QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n|true",
        "cid|bafy|false",
        "cid|not-a-cid|false",
        "nsid|com.atproto.server.createAccount|true",
        "nsid|com..atproto|false",
        "language|en-US|true",
        "language|123|false",
        "tid|3jzfcijpj2z2a|true",
        "tid|3jzfcijpj2z2|false",
        "record-key|self|true",
        "record-key|..|false",
        "handle|alice.test|true",
        "did|did:plc:abc|true",
        "unknown-format|anything|true",
    })
    void formats(String format, String value, boolean valid) {
        assertEquals(valid, StringFormats.check(format, value) == null, () -> format + " " + value);
    }

    @Test
    void hugeStringsFailFormatsQuickly() {
        String huge = "a".repeat(StringFormats.MAX_CHECKED_LENGTH + 1);
        assertEquals("must be a valid handle", StringFormats.check("handle", huge));
        assertEquals("must be a uri", StringFormats.check("uri", "https://" + huge));
    }
}
