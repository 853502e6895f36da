// The C face of BLAS (CBLAS, from OpenBLAS) and LAPACK (LAPACKE), as Debian ships them.
#include <cblas.h>
#include <lapacke.h>
