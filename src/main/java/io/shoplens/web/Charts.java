package io.shoplens.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serialises chart specs for the {@code data-chart} attributes. */
@ApplicationScoped
class Charts {
    @Inject
    ObjectMapper mapper;

    String json(ChartSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart spec not serialisable", e);
        }
    }
}
