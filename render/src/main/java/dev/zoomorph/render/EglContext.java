package dev.zoomorph.render;

import static org.lwjgl.egl.EGL10.*;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_API;
import static org.lwjgl.egl.EGL14.eglBindAPI;
import static org.lwjgl.egl.EGL14.eglGetCurrentContext;
import static org.lwjgl.egl.EGL15.*;
import static org.lwjgl.egl.EXTCreateContextRobustness.EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT;
import static org.lwjgl.egl.EXTDeviceEnumeration.eglQueryDevicesEXT;
import static org.lwjgl.egl.EXTDeviceQuery.eglQueryDeviceStringEXT;
import static org.lwjgl.egl.EXTPlatformBase.eglGetPlatformDisplayEXT;
import static org.lwjgl.egl.EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless OpenGL context from EGL with no surface: rendering goes to framebuffer objects. Tries the EGL device
 * platform first (a hardware device before a software one), then Mesa's surfaceless platform; asks for GL 4.5 core,
 * then 3.3 core. Made current on the creating thread.
 */
final class EglContext implements GlContext {
  private static final Logger LOG = LoggerFactory.getLogger(EglContext.class);
  /** EGL_PLATFORM_SURFACELESS_MESA; not in LWJGL's bindings. */
  private static final int PLATFORM_SURFACELESS_MESA = 0x31DD;

  private final long display;
  private final long context;
  private final String description;

  private EglContext(long display, long context, String description) {
    this.display = display;
    this.context = context;
    this.description = description;
  }

  static EglContext create() {
    GlContext.beforeFirstContext();
    List<String> tried = new ArrayList<>();
    EGLCapabilities client;
    try {
      // Client extensions are what eglQueryString reports for EGL_NO_DISPLAY.
      client = EGL.createDisplayCapabilities(EGL_NO_DISPLAY);
    } catch (Throwable e) {
      throw new GlUnavailableException("cannot load libEGL (install libegl1 and libegl-mesa0): " + e.getMessage(), e);
    }
    String clientExtensions = String.valueOf(eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS));
    for (Candidate candidate : candidates(client, clientExtensions, tried)) {
      EglContext made = tryDisplay(candidate, tried);
      if (made != null) {
        LOG.info("OpenGL context: {}{}", made.description, tried.isEmpty() ? "" : " (before it: " + tried + ")");
        return made;
      }
    }
    throw new GlUnavailableException("no headless OpenGL 3.3+ context from EGL; tried: " + String.join("; ", tried));
  }

  private record Candidate(String name, long display) {}

  private static List<Candidate> candidates(EGLCapabilities client, String clientExtensions, List<String> tried) {
    List<Candidate> hardware = new ArrayList<>();
    List<Candidate> software = new ArrayList<>();
    // By the functions the platform needs rather than LWJGL's flags for the three extensions: with those flags, an
    // H100 machine (glvnd's libEGL, NVIDIA's vendor library) reported no device platform and got its context from
    // the surfaceless one. Whether the functions are there was not seen: the message below names the extensions.
    if (client.eglQueryDevicesEXT != 0 && client.eglQueryDeviceStringEXT != 0 && client.eglGetPlatformDisplayEXT != 0
        && clientExtensions.contains("EGL_EXT_platform_device")) {
      try (MemoryStack stack = MemoryStack.stackPush()) {
        IntBuffer count = stack.mallocInt(1);
        if (eglQueryDevicesEXT(null, count) && count.get(0) > 0) {
          PointerBuffer devices = stack.mallocPointer(count.get(0));
          eglQueryDevicesEXT(devices, count);
          for (int i = 0; i < count.get(0); i++) {
            long device = devices.get(i);
            String extensions = String.valueOf(eglQueryDeviceStringEXT(device, EGL_EXTENSIONS));
            boolean isSoftware = extensions.contains("EGL_MESA_device_software");
            long display = eglGetPlatformDisplayEXT(
                EGL_PLATFORM_DEVICE_EXT, device, (IntBuffer) null);
            String name = "EGL device " + i + (isSoftware ? " (software)" : "");
            if (display == EGL_NO_DISPLAY) {
              tried.add(name + ": no display");
            } else {
              (isSoftware ? software : hardware).add(new Candidate(name, display));
            }
          }
        }
      }
    } else {
      tried.add("EGL device platform: not supported by this libEGL (client extensions: " + clientExtensions + ")");
    }
    List<Candidate> all = new ArrayList<>(hardware);
    all.addAll(software);
    if (clientExtensions.contains("EGL_MESA_platform_surfaceless") && client.eglGetPlatformDisplay != 0) {
      // LWJGL's eglGetPlatformDisplay wrapper rejects the NULL native display that this platform requires.
      long display = JNI.callPPP(PLATFORM_SURFACELESS_MESA, 0L, 0L, client.eglGetPlatformDisplay);
      if (display != EGL_NO_DISPLAY) {
        all.add(new Candidate("Mesa surfaceless platform", display));
      } else {
        tried.add("Mesa surfaceless platform: no display");
      }
    } else {
      tried.add("Mesa surfaceless platform: not supported");
    }
    return all;
  }

  private static EglContext tryDisplay(Candidate candidate, List<String> tried) {
    long display = candidate.display();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer major = stack.mallocInt(1);
      IntBuffer minor = stack.mallocInt(1);
      if (!eglInitialize(display, major, minor)) {
        tried.add(candidate.name() + ": eglInitialize failed (0x" + Integer.toHexString(eglGetError()) + ")");
        return null;
      }
      EGLCapabilities caps = EGL.createDisplayCapabilities(display, major.get(0), minor.get(0));
      if (!caps.EGL_KHR_surfaceless_context && !(major.get(0) == 1 && minor.get(0) >= 5)) {
        tried.add(candidate.name() + ": no surfaceless contexts");
        eglTerminate(display);
        return null;
      }
      if (!eglBindAPI(EGL_OPENGL_API)) {
        tried.add(candidate.name() + ": no desktop OpenGL API");
        eglTerminate(display);
        return null;
      }
      IntBuffer configAttribs = stack.ints(EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE);
      PointerBuffer configs = stack.mallocPointer(1);
      IntBuffer found = stack.mallocInt(1);
      long config = 0;
      if (eglChooseConfig(display, configAttribs, configs, found) && found.get(0) > 0) {
        config = configs.get(0);
      } else if (!caps.EGL_KHR_no_config_context) {
        tried.add(candidate.name() + ": no OpenGL config");
        eglTerminate(display);
        return null;
      }
      // A context that learns of a GPU reset (glGetGraphicsResetStatus) where EGL can make one; without it a reset
      // leaves a context that only its callers' errors can tell is gone.
      boolean egl15 = major.get(0) > 1 || minor.get(0) >= 5;
      int resetStrategy = egl15 ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY
          : caps.EGL_EXT_create_context_robustness ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY_EXT : 0;
      for (int attempt = 0; attempt < 4; attempt++) {
        int[] version = attempt < 2 ? new int[] {4, 5} : new int[] {3, 3};
        boolean resetAware = attempt % 2 == 0;
        if (resetAware && resetStrategy == 0) {
          continue;
        }
        // EGL reads attributes up to the first EGL_NONE key: without the reset strategy, the list ends there.
        IntBuffer contextAttribs = stack.ints(
            EGL_CONTEXT_MAJOR_VERSION, version[0],
            EGL_CONTEXT_MINOR_VERSION, version[1],
            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
            resetAware ? resetStrategy : EGL_NONE, EGL_LOSE_CONTEXT_ON_RESET,
            EGL_NONE);
        // LWJGL's wrapper rejects the null config that EGL_KHR_no_config_context allows.
        long context = config != 0
            ? eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttribs)
            : JNI.callPPPPP(display, 0L, EGL_NO_CONTEXT, MemoryUtil.memAddress(contextAttribs), caps.eglCreateContext);
        if (context == EGL_NO_CONTEXT) {
          tried.add(candidate.name() + ": no GL " + version[0] + "." + version[1] + " core context"
              + (resetAware ? " told of GPU resets" : ""));
          continue;
        }
        if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
          tried.add(candidate.name() + ": eglMakeCurrent failed");
          eglDestroyContext(display, context);
          continue;
        }
        GL.createCapabilities();
        String description = candidate.name() + ", GL " + version[0] + "." + version[1] + " core"
            + (resetAware ? " told of GPU resets" : "") + ": " + GlContext.rendererString();
        return new EglContext(display, context, description);
      }
      eglTerminate(display);
      return null;
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean isLost() {
    return eglGetCurrentContext() != context || GlContext.wasReset();
  }

  @Override
  public void close() {
    GL.setCapabilities(null);
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, context);
    eglTerminate(display);
  }
}
