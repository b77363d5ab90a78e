/* RFC 4180 CSV on a stream, for passerelle-admin's --csv output: comma-separated fields,
 * CRLF line ends, a field quoted (with its quotes doubled) when it holds a comma, a quote,
 * a line break or leading or trailing space. Text from the server is written as it is
 * (without the cleaning of the terminal tables), except that a field starting with = + - @
 * gets a leading apostrophe so that no spreadsheet reads it as a formula. */
#ifndef PASSERELLE_CLI_CSV_H
#define PASSERELLE_CLI_CSV_H

#include <stdio.h>

/* One line of n fields; a NULL field is written empty. */
void csv_row(FILE *out, const char *const *fields, int n);

#endif
