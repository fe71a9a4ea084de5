package com.jxc.returns.audit.backup;

/** A line of the file that cannot be imported, with its line number. */
public class InvalidArchive extends RuntimeException {

    InvalidArchive(long line, String message) {
        super("line " + line + ": " + message);
    }
}
