package io.shoplens.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

@Path("/")
public class DashboardResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Page page);
    }

    @Inject
    Pages pages;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        return Templates.index(pages.page("Dashboard", "dashboard"));
    }
}
