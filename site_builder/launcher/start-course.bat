@echo off
rem Windows: double-click to start the course. Keep this window open while you work;
rem Ctrl+C or closing the window stops the course.
cd /d "%~dp0"
if not exist "start-course.py" goto notunzipped
where py >nul 2>nul
if %errorlevel%==0 (
  py -3 start-course.py %*
) else (
  python start-course.py %*
)
if errorlevel 9009 echo Python 3 is needed to start the course: https://www.python.org/downloads/
if errorlevel 1 pause
exit /b
:notunzipped
echo Unzip the course first: right-click the zip file, choose "Extract All...", then start
echo start-course.bat from the unzipped folder.
pause
