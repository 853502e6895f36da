// zlib's gz* stream interface, used by Ingest to read `.gz` inputs (and plain files) in chunks.
#include <zlib.h>
