package io.shoplens.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.shoplens.common.ValidationException;

/**
 * Reads JSON request bodies here rather than in the framework, so that a wrong type or broken JSON gets a 400 that
 * names the field instead of an empty one.
 */
@ApplicationScoped
class JsonBodies {
    @Inject
    ObjectMapper mapper;

    <T> T read(String body, Class<T> type, String example) {
        if (body == null || body.isBlank()) {
            throw new ValidationException("body", "send a JSON object such as " + example);
        }
        try {
            return mapper.readValue(body, type);
        } catch (InvalidFormatException e) {
            throw new ValidationException(field(e), "'" + e.getValue() + "' is not a valid "
                    + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        } catch (MismatchedInputException e) {
            throw new ValidationException(field(e), "has the wrong type; expected " + example);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String field(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .reduce((a, b) -> a + "." + b).orElse("body");
    }
}
