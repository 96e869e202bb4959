package io.shoplens.web;

import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.shoplens.common.Quote;
import io.shoplens.common.ValidationException;

/**
 * Reads JSON request bodies here rather than in the framework, so that a wrong type or broken JSON gets a 400 that
 * names the field instead of an empty one. Counts are whole numbers: Jackson would otherwise round 1.5 down to 1.
 */
@ApplicationScoped
class JsonBodies {
    private static final Set<Class<?>> WHOLE = Set.of(Integer.class, Long.class, int.class, long.class);

    @Inject
    ObjectMapper mapper;

    <T> T read(String body, Class<T> type, String example) {
        if (body == null || body.isBlank()) {
            throw new ValidationException("body", "send a JSON object such as " + example);
        }
        T value;
        try {
            value = mapper.readerFor(type).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).readValue(body);
        } catch (InvalidFormatException e) {
            String problem = WHOLE.contains(e.getTargetType()) ? " is not a whole number"
                    : " is not a valid " + e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT);
            throw new ValidationException(field(e), Quote.of(e.getValue()) + problem);
        } catch (MismatchedInputException e) {
            throw new ValidationException(field(e), "has the wrong type; expected " + example);
        } catch (JsonMappingException e) {
            // A number too large for its field, for one: Jackson names the field in the reference chain.
            throw new ValidationException(field(e), "is out of range or invalid ("
                    + Quote.message(e.getOriginalMessage(), 120) + ")");
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "not valid JSON (" + Quote.message(e.getOriginalMessage(), 200)
                    + ")");
        }
        if (value == null) {
            throw new ValidationException("body", "send a JSON object such as " + example + ", not null");
        }
        return value;
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .reduce((a, b) -> a + "." + b).orElse("body");
    }
}
