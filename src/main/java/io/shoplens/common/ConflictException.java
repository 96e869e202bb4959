package io.shoplens.common;

/** The request is fine but clashes with work in progress (a generation while another runs); answered with 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
