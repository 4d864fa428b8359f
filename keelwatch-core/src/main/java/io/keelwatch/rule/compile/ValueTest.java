package io.keelwatch.rule.compile;

/** A test of one field value (String, Long, Double, Boolean, JsonNode or Map) against a compiled operand. */
@FunctionalInterface
public interface ValueTest {
    boolean test(Object value);
}
