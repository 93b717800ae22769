/* version.h: the one place that says which version this is (norm_version(), make dist). */
#ifndef NORM_VERSION_H
#define NORM_VERSION_H
#define NORM_VERSION "0.1.0"
#endif
