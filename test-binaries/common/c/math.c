/* math.c - libm: sin/cos/tan/exp/log/log10/pow/sqrt/fmod/floor/ceil/round/
 * trunc/atan2/hypot/cbrt/frexp/ldexp/modf, single-precision variants, and
 * special arguments; printed with %.17g (and %a where exactness matters). */
#include <math.h>
#include <stdio.h>

int main(void)
{
    static const double xs[] = {0.0, 0.5, 1.0, -1.0, 2.0, 3.141592653589793, 10.0, -7.25,
                                1e-10, 123.456, 1e10};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        volatile double x = xs[i];
        printf("x=%.17g\n", x);
        printf("  sin=%.17g cos=%.17g tan=%.17g\n", sin(x), cos(x), tan(x));
        printf("  exp=%.17g expm1=%.17g\n", exp(x), expm1(x));
        printf("  log|x|=%.17g log10|x|=%.17g log1p|x|=%.17g\n", log(fabs(x)),
               log10(fabs(x)), log1p(fabs(x)));
        printf("  sqrt|x|=%.17g cbrt=%.17g atan=%.17g\n", sqrt(fabs(x)), cbrt(x), atan(x));
        printf("  floor=%.17g ceil=%.17g round=%.17g trunc=%.17g rint=%.17g\n", floor(x),
               ceil(x), round(x), trunc(x), rint(x));
        printf("  pow(x,2.5)=%.17g pow(1.5,x)=%.17g fmod(x,0.7)=%.17g\n", pow(x, 2.5),
               pow(1.5, x), fmod(x, 0.7));
        int e;
        double m = frexp(x, &e);
        double ip;
        double fp = modf(x, &ip);
        printf("  frexp=%.17g,%d modf=%.17g,%.17g ldexp(x,-3)=%a\n", m, e, fp, ip,
               ldexp(x, -3));
    }
    volatile double a = 3.0, b = 4.0;
    printf("atan2=%.17g hypot=%.17g\n", atan2(a, -b), hypot(a, b));
    printf("round halves: %g %g %g %g\n", round(0.5), round(-0.5), round(2.5), round(-2.5));
    printf("rint halves: %g %g %g %g\n", rint(0.5), rint(1.5), rint(2.5), rint(-2.5));
    printf("lround=%ld llrint=%lld\n", lround(-3.5), llrint(7.5));
    printf("fmod signs: %g %g %g\n", fmod(-7.0, 3.0), fmod(7.0, -3.0), remainder(7.0, 3.0));
    volatile double z = 0.0, one = 1.0;
    printf("specials: log(0)=%g sqrt(-1)=%g exp(1000)=%g exp(-1000)=%g pow(0,-1)=%g\n",
           log(z), sqrt(-one), exp(1000 * one), exp(-1000 * one), pow(z, -one));
    printf("nan checks: %d %d %d\n", isnan(sqrt(-one)), isinf(one / z), signbit(-z));
    volatile float f = 0.7f;
    printf("float: sinf=%.9g expf=%.9g sqrtf=%.9g powf=%.9g logf=%.9g\n", sinf(f), expf(f),
           sqrtf(f), powf(f, 3.3f), logf(f));
    printf("fma=%a\n", fma(0x1.0000000000001p0, 0x1.fffffffffffffp-1, -1.0));
    printf("sqrt exact=%a %a\n", sqrt(2.0 * one), sqrt(0x1p-1074 * one));
    double s = 0;
    for (int i = 1; i <= 1000; i++) s += 1.0 / ((double)i * i);
    printf("basel partial=%.17g\n", s);
    return 0;
}
