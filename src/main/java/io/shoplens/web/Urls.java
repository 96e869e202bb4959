package io.shoplens.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateExtension;

/**
 * Values put into links: {@code {url:path(c.id)}} for a path segment, {@code {url:query(q)}} for a query value. HTML
 * escaping alone leaves an id such as {@code ../../etc} or {@code a?b#c} free to change where the link goes.
 */
@TemplateExtension(namespace = "url")
public class Urls {
    private Urls() {
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so that the value stays one segment. */
    static String path(Object value) {
        String text = value == null ? "" : value.toString();
        // URLEncoder encodes for forms: a space becomes '+', which a path keeps as a plus, and '*' is left as it is.
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        // '.' and '..' are unreserved but mean "this" and "parent" as a whole segment.
        return encoded.equals(".") ? "%2E" : encoded.equals("..") ? "%2E%2E" : encoded;
    }

    static String query(Object value) {
        return value == null ? "" : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }
}
